package io.optoutchain.release.process;

import io.optoutchain.error.Rejected;
import io.optoutchain.party.Actor;
import io.optoutchain.party.CurrentActor;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.release.NewRelease;
import io.optoutchain.release.ReleaseRepository;
import io.optoutchain.release.ReleaseService;
import io.optoutchain.web.ClientRequests;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Releases over HTTP. The keys are the request body, one {@code hospitalId,patientKey} per line,
 * streamed straight into the database: tens of millions of keys never sit in memory or in a
 * process variable.
 */
@RestController
public class ReleaseController {

  public static final String PROCESS_KEY = "DatasetRelease";

  private final ReleaseService releases;
  private final TaskService taskService;
  private final EngineAsSystem asSystem;
  private final CurrentActor actor;
  private final ClientRequests clientRequests;
  private final ReleaseStarter starter;

  public ReleaseController(ReleaseService releases, TaskService taskService,
      EngineAsSystem asSystem, CurrentActor actor, ClientRequests clientRequests, ReleaseStarter starter) {
    this.starter = starter;
    this.releases = releases;
    this.taskService = taskService;
    this.asSystem = asSystem;
    this.actor = actor;
    this.clientRequests = clientRequests;
  }

  public record Registered(long releaseId, String status, long keyCount) {}

  @PostMapping(path = "/api/releases", consumes = {"text/csv", "text/plain"})
  @Transactional
  public ResponseEntity<Object> register(@RequestParam String clientRequestId, @RequestParam String dataUser,
      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate cutoff,
      @RequestParam List<String> hospitals, HttpServletRequest request) {
    Actor caller = actor.requireParty();
    var release = new NewRelease(caller.partyId(), dataUser, cutoff, hospitals);
    long maxBytes = releases.maxUploadBytes();
    if (request.getContentLengthLong() > maxBytes) {
      throw Rejected.invalid("keys", "アップロードが " + maxBytes + " バイトを超えています",
          "the upload is larger than " + maxBytes + " bytes (optout.release.max-upload-size)");
    }
    InputStream upload;
    try {
      upload = request.getInputStream();
    } catch (IOException e) {
      throw Rejected.invalid("keys", "アップロードを読み取れませんでした", "the upload could not be read: " + Rejected.shown(e.getMessage()));
    }
    return clientRequests.onceWithUpload(clientRequestId, caller.userId(), "release.register", release, upload,
        maxBytes, keys -> {
          long id = starter.start(release, keys, caller);
          var stored = releases.find(id);
          return ResponseEntity.status(HttpStatus.CREATED).body(new Registered(id, stored.status(), stored.keyCount()));
        });
  }

  @GetMapping("/api/releases/{releaseId}")
  public ReleaseRepository.ReleaseView find(@PathVariable long releaseId) {
    Actor caller = actor.require();
    var release = releases.find(releaseId);
    if (!caller.isAdministrator() && !caller.isRegulator() && !caller.actsFor(release.producer())) {
      throw Rejected.notFound(caller.userId() + " から見えるリリース " + releaseId + " はありません",
          "no release " + releaseId + " is visible to " + caller.userId());
    }
    return release;
  }

  public record DecisionRequest(String clientRequestId, Boolean approved, String reason) {}

  /** The producer's compliance officer approves or rejects a release that passed its checks. */
  @PostMapping("/api/releases/{releaseId}/decision")
  public ResponseEntity<Object> decide(@PathVariable long releaseId, @RequestBody DecisionRequest request) {
    Actor caller = actor.requireParty();
    return clientRequests.once(request.clientRequestId(), caller.userId(), "release.decide:" + releaseId, request,
        () -> {
          // Found through our table, not the business key: an engine user can rewrite that.
          String instance = releases.processInstanceOf(releaseId)
              .orElseThrow(() -> Rejected.notFound("リリース " + releaseId + " はありません", "no release " + releaseId));
          Task task = asSystem.run(() -> taskService.createTaskQuery().processInstanceId(instance)
              .taskDefinitionKey("Task_ApproveRelease").active().singleResult());
          if (task == null) {
            throw Rejected.conflict("リリース " + releaseId + " は承認待ちではありません",
                "release " + releaseId + " is not waiting for approval");
          }
          Map<String, Object> fields = new HashMap<>();
          fields.put(ReleaseVariables.APPROVED, request.approved());
          fields.put(ReleaseVariables.DECISION_REASON, request.reason());
          taskService.complete(task.getId(), fields);
          return ResponseEntity.ok(releases.find(releaseId));
        });
  }
}
