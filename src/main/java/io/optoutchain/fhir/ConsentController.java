package io.optoutchain.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import io.optoutchain.error.Bounded;
import io.optoutchain.error.Rejected;
import io.optoutchain.ledger.LedgerEntry;
import io.optoutchain.ledger.LedgerRepository;
import io.optoutchain.ledger.OptOutIntake;
import io.optoutchain.party.Actor;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.party.PartyDirectory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ledger for hospital systems that speak HL7 FHIR R4: an opt-out is registered as a Consent
 * (see {@link ConsentMapping}) and taken exactly as {@code POST /api/ledger/entries} takes it (same
 * rules, once per hospital, patient and kind): from the hospital it enters the intake (202), from the
 * ledger keeper it is recorded (201); the hospital reads its own ledger back as a searchset Bundle. A
 * refusal is an OperationOutcome.
 */
@RestController
@RequestMapping("/fhir")
public class ConsentController {

  static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");
  private static final int MAX_COUNT = 1000;
  private static final FhirContext R4 = FhirContext.forR4Cached();

  private final OptOutIntake intake;
  private final LedgerRepository entries;
  private final CurrentActor actor;
  private final PartyDirectory directory;

  public ConsentController(OptOutIntake intake, LedgerRepository entries, CurrentActor actor,
      PartyDirectory directory) {
    this.intake = intake;
    this.entries = entries;
    this.actor = actor;
    this.directory = directory;
  }

  @PostMapping(path = "/Consent", consumes = {"application/fhir+json", "application/json"})
  public ResponseEntity<String> register(@RequestBody String body) {
    Actor caller = actor.requireParty();
    Consent consent = parse(body);
    var outcome = intake.receive(ConsentMapping.toEntry(consent, caller.partyId()), caller);
    if (outcome.accepted() != null) {
      return accepted(outcome.accepted());
    }
    var recorded = outcome.recorded();
    LedgerEntry entry = recorded.entry();
    return ResponseEntity.status(recorded.alreadyRecorded() ? HttpStatus.OK : HttpStatus.CREATED)
        .location(URI.create("/fhir/Consent/" + entry.id())).contentType(FHIR_JSON)
        .body(json(ConsentMapping.toConsent(entry)));
  }

  /**
   * A new opt-out from the hospital (or another party of its intake route) is not yet a Consent of record:
   * it enters the intake, and becomes one when the ledger keeper confirms it. 202 Accepted with an
   * informational OperationOutcome saying so, and Content-Location where the request's state is read.
   */
  private static ResponseEntity<String> accepted(OptOutIntake.Accepted accepted) {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
        .setCode(OperationOutcome.IssueType.INFORMATIONAL)
        .setDiagnostics("受付 " + accepted.intakeId() + " として受付経路で確認中です。台帳管理者の確認後に台帳へ記録され、Consent になります（状況: "
            + accepted.location() + "） / accepted into intake as request " + accepted.intakeId()
            + ": the intake route confirms it, and it becomes a Consent once the ledger keeper has recorded it"
            + " (state: " + accepted.location() + ")");
    return ResponseEntity.status(HttpStatus.ACCEPTED).header("Content-Location", accepted.location())
        .contentType(FHIR_JSON).body(json(outcome));
  }

  @GetMapping(path = "/Consent/{id}", produces = {"application/fhir+json", "application/json"})
  public ResponseEntity<String> read(@PathVariable long id) {
    LedgerEntry entry = entries.find(id).filter(found -> mayRead(actor.require(), found.hospitalId()))
        .orElseThrow(() -> Rejected.notFound("Consent " + id + " はありません", "no Consent " + id));
    return ResponseEntity.ok().contentType(FHIR_JSON).body(json(ConsentMapping.toConsent(entry)));
  }

  /** The hospital's effective ledger, a page at a time, newest entries last. */
  @GetMapping(path = "/Consent", produces = {"application/fhir+json", "application/json"})
  public ResponseEntity<String> search(@RequestParam(required = false) String organization,
      @RequestParam(name = "_count", defaultValue = "100") int count,
      @RequestParam(name = "_offset", defaultValue = "0") int offset) {
    Actor caller = actor.require();
    String hospital = organization == null ? caller.partyId() : organization.replaceFirst("^.*\\|", "");
    if (hospital == null || directory.chainsOf(hospital).isEmpty() || !mayRead(caller, hospital)) {
      throw Rejected.forbidden("読めるのは自院の台帳だけです（監督者・管理者はどの病院も）",
          "a hospital reads its own ledger only (overseers and administrators any hospital's)");
    }
    if (count < 1 || count > MAX_COUNT || offset < 0) {
      throw Rejected.invalid("_count", "_count は1～" + MAX_COUNT + "、_offset は0以上です",
          "_count is 1 to " + MAX_COUNT + " and _offset at least 0");
    }
    List<LedgerEntry> page = entries.effectiveEntries(hospital, offset, count);
    Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
    bundle.setTotal(entries.countEffective(hospital));
    // Encoded: a raw '|' in a query is refused by the server itself, so a client following the link would fail.
    String self = "/fhir/Consent?organization=" + URLEncoder.encode(ConsentMapping.PARTY_SYSTEM + "|" + hospital,
        StandardCharsets.UTF_8) + "&_count=" + count;
    bundle.addLink().setRelation("self").setUrl(self + "&_offset=" + offset);
    if (offset + page.size() < bundle.getTotal()) {
      bundle.addLink().setRelation("next").setUrl(self + "&_offset=" + (offset + count));
    }
    page.forEach(entry -> bundle.addEntry().setFullUrl("/fhir/Consent/" + entry.id())
        .setResource(ConsentMapping.toConsent(entry)).getSearch().setMode(Bundle.SearchEntryMode.MATCH));
    return ResponseEntity.ok().contentType(FHIR_JSON).body(json(bundle));
  }

  /** A refusal of any kind, as FHIR clients expect it: an OperationOutcome naming the element at fault. */
  @ExceptionHandler(Rejected.class)
  ResponseEntity<String> refused(Rejected rejected) {
    OperationOutcome outcome = new OperationOutcome();
    var issue = outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(switch (rejected.kind()) {
          case INVALID -> OperationOutcome.IssueType.INVALID;
          case NOT_FOUND -> OperationOutcome.IssueType.NOTFOUND;
          case CONFLICT -> OperationOutcome.IssueType.CONFLICT;
          case FORBIDDEN -> OperationOutcome.IssueType.FORBIDDEN;
        })
        .setDiagnostics(Bounded.text(rejected.getMessage(), Bounded.MESSAGE));
    if (rejected.field() != null) {
      issue.addExpression(rejected.field());
    }
    return ResponseEntity.status(rejected.kind().httpStatus()).contentType(FHIR_JSON).body(json(outcome));
  }

  private static Consent parse(String body) {
    IParser parser = R4.newJsonParser();
    try {
      return parser.parseResource(Consent.class, body);
    } catch (DataFormatException | ClassCastException e) {
      throw Rejected.invalid("Consent", "FHIR R4 の Consent リソース（JSON）ではありません: "
          + Bounded.text(e.getMessage(), Bounded.NAME), "not an FHIR R4 Consent resource in JSON: "
          + Bounded.text(e.getMessage(), Bounded.NAME));
    }
  }

  private static String json(IBaseResource resource) {
    return R4.newJsonParser().encodeResourceToString(resource);
  }

  private static boolean mayRead(Actor caller, String hospital) {
    return caller.isAdministrator() || caller.isRegulator() || caller.actsFor(hospital);
  }
}
