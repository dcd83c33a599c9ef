package io.optoutchain.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.LedgerEntry;
import io.optoutchain.ledger.NewLedgerEntry;
import io.optoutchain.ledger.OptOutKind;
import io.optoutchain.ledger.PatientKey;
import io.optoutchain.reporting.ReportingPeriod;
import java.time.LocalDate;
import java.util.Date;
import java.util.TimeZone;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * An opt-out as an HL7 FHIR R4 Consent, both ways: status active, a deny provision, the patient as
 * its pseudonymous key (an identifier, never a Patient resource), dateTime the day the hospital
 * received the request, the hospital as the organization. Which opt-out (stop of provision or
 * deletion) is the provision's action, in this product's code system; stop of provision when absent.
 */
final class ConsentMapping {

  static final String PATIENT_KEY_SYSTEM = "urn:optoutchain:patient-key";
  static final String PARTY_SYSTEM = "urn:optoutchain:party";
  static final String KIND_SYSTEM = "urn:optoutchain:opt-out-kind";
  private static final String SCOPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/consentscope";
  private static final String LOINC = "http://loinc.org";

  private ConsentMapping() {}

  /** The ledger entry a Consent asks for; {@code callersParty} is the hospital when none is named. */
  static NewLedgerEntry toEntry(Consent consent, String callersParty) {
    if (consent.getStatus() != Consent.ConsentState.ACTIVE) {
      throw Rejected.invalid("Consent.status", "オプトアウトは status が active の Consent です",
          "an opt-out is a Consent with status active");
    }
    if (!consent.hasProvision() || consent.getProvision().getType() != Consent.ConsentProvisionType.DENY) {
      throw Rejected.invalid("Consent.provision.type", "オプトアウトは provision.type が deny の Consent です",
          "an opt-out is a Consent whose provision.type is deny");
    }
    Identifier patient = consent.getPatient().getIdentifier();
    if (!PATIENT_KEY_SYSTEM.equals(patient.getSystem()) || !patient.hasValue()) {
      throw Rejected.invalid("Consent.patient.identifier", "患者は identifier（system " + PATIENT_KEY_SYSTEM
          + "、値は64桁の患者キー）で示してください", "name the patient by an identifier of system "
          + PATIENT_KEY_SYSTEM + " whose value is the 64-digit patient key");
    }
    if (!consent.hasDateTime()) {
      throw Rejected.invalid("Consent.dateTime", "dateTime（病院が求めを受け付けた日）は必須です",
          "dateTime, the day the hospital received the request, is required");
    }
    return new NewLedgerEntry(hospital(consent, callersParty), new PatientKey(patient.getValue()), kind(consent),
        receivedOn(consent.getDateTimeElement()), null, null);
  }

  /** A ledger entry as the Consent it records. */
  static Consent toConsent(LedgerEntry entry) {
    Consent consent = new Consent();
    consent.setId(Long.toString(entry.id()));
    consent.setStatus(Consent.ConsentState.ACTIVE);
    consent.setScope(new CodeableConcept(new Coding(SCOPE_SYSTEM, "patient-privacy", "Privacy Consent")));
    consent.addCategory(new CodeableConcept(new Coding(LOINC, "59284-0", "Patient Consent")));
    consent.setPatient(new Reference().setIdentifier(new Identifier().setSystem(PATIENT_KEY_SYSTEM)
        .setValue(entry.patientKey().value())));
    consent.setDateTimeElement(new DateTimeType(Date.from(entry.receivedOn().atStartOfDay(ReportingPeriod.ZONE)
        .toInstant()), TemporalPrecisionEnum.DAY, TimeZone.getTimeZone(ReportingPeriod.ZONE)));
    consent.addOrganization(new Reference().setIdentifier(new Identifier().setSystem(PARTY_SYSTEM)
        .setValue(entry.hospitalId())));
    Consent.ProvisionComponent provision = new Consent.ProvisionComponent();
    provision.setType(Consent.ConsentProvisionType.DENY);
    provision.addAction(new CodeableConcept(new Coding(KIND_SYSTEM, entry.kind().name(), null)));
    consent.setProvision(provision);
    return consent;
  }

  private static String hospital(Consent consent, String callersParty) {
    for (Reference organization : consent.getOrganization()) {
      Identifier id = organization.getIdentifier();
      if (PARTY_SYSTEM.equals(id.getSystem()) && id.hasValue()) {
        return id.getValue();
      }
    }
    if (callersParty == null) {
      throw Rejected.invalid("Consent.organization", "病院を organization の identifier（system " + PARTY_SYSTEM + "）で示してください",
          "name the hospital as an organization identifier of system " + PARTY_SYSTEM);
    }
    return callersParty;
  }

  private static OptOutKind kind(Consent consent) {
    for (CodeableConcept action : consent.getProvision().getAction()) {
      for (Coding coding : action.getCoding()) {
        if (KIND_SYSTEM.equals(coding.getSystem())) {
          try {
            return OptOutKind.valueOf(coding.getCode());
          } catch (IllegalArgumentException | NullPointerException e) {
            throw Rejected.invalid("Consent.provision.action", "種別は STOP_PROVISION または DELETE です。受け取った値: "
                + Rejected.shown(coding.getCode()), "the kind is STOP_PROVISION or DELETE; got "
                + Rejected.shown(coding.getCode()));
          }
        }
      }
    }
    return OptOutKind.STOP_PROVISION;
  }

  /** The day in Japan, whatever the precision and zone the sender wrote. */
  private static LocalDate receivedOn(DateTimeType dateTime) {
    if (dateTime.getPrecision() == TemporalPrecisionEnum.YEAR || dateTime.getPrecision() == TemporalPrecisionEnum.MONTH) {
      throw Rejected.invalid("Consent.dateTime", "dateTime は日付まで必要です（例 2024-12-09）", "dateTime needs a day, e.g. 2024-12-09");
    }
    if (dateTime.getPrecision() == TemporalPrecisionEnum.DAY) {
      return LocalDate.of(dateTime.getYear(), dateTime.getMonth() + 1, dateTime.getDay());
    }
    return dateTime.getValue().toInstant().atZone(ReportingPeriod.ZONE).toLocalDate();
  }
}
