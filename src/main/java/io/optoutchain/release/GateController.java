package io.optoutchain.release;

import io.optoutchain.error.Rejected;
import io.optoutchain.party.Actor;
import io.optoutchain.party.CurrentActor;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class GateController {

  private final ProvisionGate gate;
  private final CurrentActor actor;

  public GateController(ProvisionGate gate, CurrentActor actor) {
    this.gate = gate;
    this.actor = actor;
  }

  /**
   * May {@code recipient} provide data cut off at {@code cutoff} from these hospitals (all of its
   * hospitals when none are named)? Asked by the recipient itself, regulators or administrators.
   */
  @GetMapping("/api/gate")
  public GateDecision decide(@RequestParam String recipient,
      @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate cutoff,
      @RequestParam(required = false) List<String> hospitals) {
    Actor caller = actor.require();
    if (!caller.isAdministrator() && !caller.isRegulator() && !caller.actsFor(recipient)) {
      throw Rejected.forbidden(recipient + " のゲートに問い合わせられるのは " + recipient + "、規制当局、管理者だけです",
          "only " + recipient + ", regulators and administrators ask its gate");
    }
    // Without hospitals: the recipient's hospitals are a subquery over our tables, never a list here.
    return hospitals == null || hospitals.isEmpty()
        ? gate.decideForAllHospitals(recipient, cutoff)
        : gate.decide(recipient, cutoff, hospitals);
  }
}
