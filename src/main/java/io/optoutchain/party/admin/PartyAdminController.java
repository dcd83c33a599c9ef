package io.optoutchain.party.admin;

import io.optoutchain.error.Rejected;
import io.optoutchain.identity.PartyAccess;
import io.optoutchain.party.Actor;
import io.optoutchain.party.ChainTemplate;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.PartyRole;
import io.optoutchain.party.PartySearch;
import io.optoutchain.party.ReportChain;
import io.optoutchain.web.ClientRequests;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The administrator's API for parties and chains ({@code camunda-admin} only; everyone else 403).
 * Commands carry a clientRequestId as every command of the API does; a PUT may, as it is a
 * replacement a retry repeats harmlessly.
 */
@RestController
public class PartyAdminController {

  private static final int MAX_SIZE = 200;

  private final PartyAdministration administration;
  private final PartyImport partyImport;
  private final PartyTables tables;
  private final PartyDirectory directory;
  private final PartyAccess access;
  private final CurrentActor actor;
  private final ClientRequests clientRequests;

  public PartyAdminController(PartyAdministration administration, PartyImport partyImport, PartyTables tables,
      PartyDirectory directory, PartyAccess access, CurrentActor actor, ClientRequests clientRequests) {
    this.administration = administration;
    this.partyImport = partyImport;
    this.tables = tables;
    this.directory = directory;
    this.access = access;
    this.actor = actor;
    this.clientRequests = clientRequests;
  }

  public record PartyView(String id, String nameJa, String nameEn, String name, List<PartyRole> roles,
      String contactEmail, String chainId, Instant createdAt, Instant updatedAt) {

    static PartyView of(PartyTables.PartyRow row) {
      return new PartyView(row.id(), row.nameJa(), row.nameEn(), io.optoutchain.party.Party.label(row.nameJa(),
          row.nameEn()), row.roles().stream().sorted().toList(), row.contactEmail(), row.chainId(), row.createdAt(),
          row.updatedAt());
    }
  }

  public record Page<T>(long total, int page, int size, List<T> items) {}

  public record RouteView(String finalRecipient, String ledgerKeeper, List<String> parties) {}

  /** One party with what hangs on it: a hospital's routes, the chains it is on, its groups. */
  public record PartyDetail(PartyView party, List<String> intake, List<RouteView> reportRoutes,
      List<String> onChains, List<GroupView> groups) {}

  public record GroupView(String id, String name) {}

  public record NewParty(String clientRequestId, String id, String nameJa, String nameEn, String contactEmail,
      List<String> roles, String chainId) {}

  public record PartyChange(String clientRequestId, String nameJa, String nameEn, String contactEmail,
      List<String> roles) {}

  public record ChainRequest(String clientRequestId, String id, String name, List<String> intake,
      List<List<String>> reports) {}

  public record Assignment(String clientRequestId, String chainId) {}

  @GetMapping("/api/admin/parties")
  public Page<PartyView> parties(@RequestParam(required = false) String q,
      @RequestParam(required = false) String role, @RequestParam(required = false) String chain,
      @RequestParam(defaultValue = "false") boolean withoutChain, @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    requireAdministrator();
    if (page < 0 || page > 100_000 || size < 1 || size > MAX_SIZE) {
      throw Rejected.invalid("size", "page は0以上、size は1～200で指定してください", "page from 0, size 1 to 200");
    }
    var filter = PartySearch.of(q, role, chain, withoutChain);
    return new Page<>(tables.count(filter), page, size,
        tables.page(filter, page, size).stream().map(PartyView::of).toList());
  }

  @GetMapping("/api/admin/parties/{id}")
  public PartyDetail party(@PathVariable String id) {
    requireAdministrator();
    PartyTables.PartyRow row = tables.party(id).orElseThrow(() -> PartyAdministration.notFound(id));
    List<ReportChain> chains = directory.chainsOf(id);
    List<RouteView> routes = chains.stream()
        .map(c -> new RouteView(c.finalRecipient(), c.ledgerKeeper(), c.report())).toList();
    List<String> intake = chains.isEmpty() ? List.of() : chains.get(0).intake();
    List<GroupView> groups = access.groupsAsTheEngineHasThem(id).stream()
        .map((Group g) -> new GroupView(g.getId(), g.getName())).toList();
    return new PartyDetail(PartyView.of(row), intake, routes, tables.chainsThrough(id), groups);
  }

  @PostMapping("/api/admin/parties")
  public ResponseEntity<Object> create(@RequestBody NewParty request) {
    Actor caller = requireAdministrator();
    return clientRequests.once(request.clientRequestId(), caller.userId(), "party.create", request,
        () -> ResponseEntity.status(HttpStatus.CREATED).body(PartyView.of(administration.create(request.id(),
            new PartyAdministration.PartyFields(request.nameJa(), request.nameEn(), request.contactEmail(),
                request.roles()), request.chainId()))));
  }

  @PutMapping("/api/admin/parties/{id}")
  public ResponseEntity<Object> update(@PathVariable String id, @RequestBody PartyChange request) {
    Actor caller = requireAdministrator();
    return optionallyOnce(request.clientRequestId(), caller, "party.update:" + id, request,
        () -> ResponseEntity.ok(PartyView.of(administration.update(id, new PartyAdministration.PartyFields(
            request.nameJa(), request.nameEn(), request.contactEmail(), request.roles())))));
  }

  @GetMapping("/api/admin/chains")
  public List<PartyTables.ChainRow> chains() {
    requireAdministrator();
    return tables.chains();
  }

  @GetMapping("/api/admin/chains/{id}")
  public PartyTables.ChainRow chain(@PathVariable String id) {
    requireAdministrator();
    return tables.chain(id).orElseThrow(() -> Rejected.notFound("経路 " + Rejected.shown(id) + " はありません",
        "no chain " + Rejected.shown(id)));
  }

  @PostMapping("/api/admin/chains")
  public ResponseEntity<Object> createChain(@RequestBody ChainRequest request) {
    Actor caller = requireAdministrator();
    return clientRequests.once(request.clientRequestId(), caller.userId(), "chain.create", request,
        () -> ResponseEntity.status(HttpStatus.CREATED).body(administration.saveChain(
            new ChainTemplate(request.id(), request.name(), request.intake(), request.reports()), true)));
  }

  @PutMapping("/api/admin/chains/{id}")
  public ResponseEntity<Object> updateChain(@PathVariable String id, @RequestBody ChainRequest request) {
    Actor caller = requireAdministrator();
    if (request.id() != null && !request.id().equals(id)) {
      throw Rejected.invalid("id", "経路IDは変更できません", "a chain's id never changes");
    }
    return optionallyOnce(request.clientRequestId(), caller, "chain.update:" + id, request,
        () -> ResponseEntity.ok(administration.saveChain(
            new ChainTemplate(id, request.name(), request.intake(), request.reports()), false)));
  }

  @PutMapping("/api/admin/hospitals/{hospitalId}/chain")
  public ResponseEntity<Object> assign(@PathVariable String hospitalId, @RequestBody Assignment request) {
    Actor caller = requireAdministrator();
    return optionallyOnce(request.clientRequestId(), caller, "hospital.chain:" + hospitalId, request,
        () -> ResponseEntity.ok(PartyView.of(administration.assign(hospitalId, request.chainId()))));
  }

  /**
   * Imports a CSV file of parties, streamed: all its lines or none. A refused file is answered 400
   * with the refused lines ({@link PartyImport.Refused}).
   */
  @PostMapping(path = "/api/admin/parties/import", consumes = {"text/csv", "text/plain", "application/octet-stream"})
  public ResponseEntity<Object> importParties(@RequestParam(required = false) String clientRequestId,
      InputStream body) {
    Actor caller = requireAdministrator();
    return clientRequests.onceWithUpload(clientRequestId, caller.userId(), "parties.import", "parties.import", body,
        PartyImport.MAX_BYTES, upload -> ResponseEntity.ok(partyImport.importCsv(upload)));
  }

  @org.springframework.web.bind.annotation.ExceptionHandler(PartyImport.Refused.class)
  ResponseEntity<PartyImport.RefusedFile> refused(PartyImport.Refused refused) {
    return ResponseEntity.badRequest().body(refused.answer());
  }

  private ResponseEntity<Object> optionallyOnce(String clientRequestId, Actor caller, String operation, Object request,
      Supplier<ResponseEntity<?>> action) {
    if (clientRequestId == null) {
      @SuppressWarnings("unchecked")
      ResponseEntity<Object> answer = (ResponseEntity<Object>) action.get();
      return answer;
    }
    return clientRequests.once(clientRequestId, caller.userId(), operation, request, action);
  }

  private Actor requireAdministrator() {
    Actor caller = actor.require();
    if (!caller.isAdministrator()) {
      throw Rejected.forbidden("組織と経路を管理できるのは管理者（camunda-admin）だけです",
          "only an administrator (camunda-admin) manages parties and chains");
    }
    return caller;
  }
}
