package io.optoutchain.release.process;

import io.optoutchain.party.Actor;
import io.optoutchain.process.EngineAsSystem;
import io.optoutchain.release.NewRelease;
import io.optoutchain.release.ReleaseService;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers a producer's release with its keys and starts the process that checks and approves it. */
@Service
public class ReleaseStarter {

  private final ReleaseService releases;
  private final RuntimeService runtimeService;
  private final EngineAsSystem asSystem;

  public ReleaseStarter(ReleaseService releases, RuntimeService runtimeService, EngineAsSystem asSystem) {
    this.releases = releases;
    this.runtimeService = runtimeService;
    this.asSystem = asSystem;
  }

  /** The release's id; its process is waiting wherever the gate and the checks left it. */
  @Transactional
  public long start(NewRelease release, InputStream keys, Actor actor) {
    long id = releases.register(release, keys, actor);
    Map<String, Object> variables = new HashMap<>();
    variables.put(ReleaseVariables.RELEASE_ID, id);
    variables.put(ReleaseVariables.PRODUCER, release.producer());
    // The start event's listener binds the release to this instance (data_release.process_instance_id).
    asSystem.run(() -> runtimeService.startProcessInstanceByKey(ReleaseController.PROCESS_KEY, "release:" + id,
        variables).getId());
    return id;
  }
}
