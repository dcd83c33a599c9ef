package io.optoutchain.intake.process;

/**
 * The intake's process variables: ids and small values only, a cache for forms and the diagram, never
 * evidence. Every step reads its request from our tables by the process instance (see {@link IntakeRouting}).
 */
public final class IntakeVariables {

  /** Set by the product when it starts the instance, read once by the start event to bind the request. */
  public static final String INTAKE_ID = "intakeId";

  /** Form field of "Identify the patient and enter the key": the 64 hex digits the hospital computed. */
  public static final String PATIENT_KEY = "patientKey";
  /** Form field of the same task: no patient matches the call centre's reference. */
  public static final String PATIENT_NOT_FOUND = "patientNotFound";

  /** Task-local, for the forms: what the request is, never the key or (at a hop) the day it was received. */
  public static final String INTAKE_NUMBER = "intakeNumber";
  public static final String HOSPITAL = "hospital";
  public static final String KIND = "kind";
  public static final String DUE_ON = "dueOn";
  public static final String HANDED_OVER_ON = "handedOverOn";
  public static final String HOP = "hop";
  /** The hospital's identification task only: the call centre, its reference and the day it took the request. */
  public static final String CALL_CENTRE = "callCentre";
  public static final String CALL_CENTRE_REFERENCE = "callCentreReference";
  public static final String RECEIVED_ON = "receivedOn";
  /** The re-check task only: what differed, in words that never give the hospital's figures. */
  public static final String WHAT_DIFFERS = "whatDiffers";

  private IntakeVariables() {}
}
