package io.optoutchain.ledger;

import java.util.Map;
import java.util.HashMap;
import io.optoutchain.audit.AuditTrail;
import io.optoutchain.error.Rejected;
import io.optoutchain.party.Actor;
import io.optoutchain.party.PartyDirectory;
import io.optoutchain.party.ReportChain;
import io.optoutchain.reporting.ReportingPeriod;
import java.time.Clock;
import java.time.LocalDate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Records opt-outs and their corrections in the append-only ledger. */
@Service
public class LedgerService {

  private final LedgerRepository ledger;
  private final PartyDirectory directory;
  private final ApplicationEventPublisher events;
  private final AuditTrail audit;
  private final Clock clock;

  public LedgerService(LedgerRepository ledger, PartyDirectory directory, ApplicationEventPublisher events,
      AuditTrail audit, Clock clock) {
    this.ledger = ledger;
    this.audit = audit;
    this.directory = directory;
    this.events = events;
    this.clock = clock;
  }

  /** The Act (次世代医療基盤法) took effect on this day: no opt-out under it was received earlier. */
  public static final LocalDate ACT_EFFECTIVE = LocalDate.of(2017, 5, 30);

  /** An entry as recorded, or the active entry that already recorded the same opt-out. */
  public record Recorded(LedgerEntry entry, boolean alreadyRecorded) {}

  /** Records an opt-out; the same opt-out sent again returns the entry that recorded it first. */
  @Transactional
  public LedgerEntry record(NewLedgerEntry entry, Actor actor) {
    return recordOnce(entry, actor).entry();
  }

  /**
   * Records an opt-out or a correction. One opt-out is one active entry per hospital, patient and
   * kind: sent again (a retry under a new clientRequestId, or the same key once more), it is not
   * recorded twice, no second event is published (so no second recall), and the first entry is
   * returned. The database refuses a second active entry too.
   */
  @Transactional
  public Recorded recordOnce(NewLedgerEntry entry, Actor actor) {
    ReportChain chain = directory.chainsOf(entry.hospitalId()).stream().findFirst()
        .orElseThrow(() -> Rejected.invalid("hospitalId", "病院 '" + Rejected.shown(entry.hospitalId())
            + "' は設定されていません", "no hospital '" + Rejected.shown(entry.hospitalId())
            + "' is configured"));
    if (!actor.actsFor(chain.hospitalId()) && !chain.intake().contains(actor.partyId())) {
      throw Rejected.forbidden(chain.hospitalId() + " のオプトアウトを記録できるのは同院と受付経路 " + chain.intake()
          + " だけです。" + actor.userId() + " の所属は " + actor.partyId() + " です",
          "only " + chain.hospitalId() + " and its intake chain " + chain.intake()
          + " record its opt-outs; " + actor.userId() + " works for " + actor.partyId());
    }
    checkRequest(entry.kind(), entry.receivedOn(), LocalDate.now(clock));
    if (entry.correctsEntryId() != null) {
      checkCorrection(entry);
    } else if (entry.reason() != null && entry.reason().length() > 500) {
      throw Rejected.invalid("reason", "理由は500文字以内で入力してください", "a reason has at most 500 characters");
    }
    ledger.lockPatient(entry.hospitalId(), entry.patientKey().value(), entry.kind());
    var active = ledger.findActive(entry.hospitalId(), entry.patientKey().value(), entry.kind(),
        entry.correctsEntryId());
    if (active.isPresent()) {
      if (entry.correctsEntryId() != null) {
        throw Rejected.conflict("エントリ " + active.get().id() + " にこの患者の " + entry.kind()
            + " の求めがすでに記録されています。そのエントリを訂正してください",
            "entry " + active.get().id() + " already records this patient's " + entry.kind()
            + " request; correct that entry instead");
      }
      return new Recorded(active.get(), true);
    }
    long id = ledger.insert(entry, clock.instant(), actor.userId());
    LedgerEntry recorded = ledger.find(id).orElseThrow();
    Map<String, Object> payload = new HashMap<>();
    payload.put("entryId", recorded.id());
    payload.put("patientKey", recorded.patientKey().value());
    payload.put("kind", recorded.kind().name());
    payload.put("receivedOn", recorded.receivedOn().toString());
    payload.put("correctsEntryId", recorded.correctsEntryId());
    audit.record("LEDGER_ENTRY", recorded.hospitalId(), recorded.period().label(), payload);
    events.publishEvent(new OptOutRecorded(recorded));
    return new Recorded(recorded, false);
  }

  /**
   * What every new opt-out must say, wherever it enters (the ledger, or the intake that leads to it): its
   * kind, and the day it was received, between the Act's effective date and {@code today}.
   */
  public static void checkRequest(OptOutKind kind, LocalDate receivedOn, LocalDate today) {
    if (kind == null) {
      throw Rejected.invalid("kind", "種別は提供停止 (STOP_PROVISION) または削除 (DELETE) です", "kind is STOP_PROVISION or DELETE");
    }
    if (receivedOn == null) {
      throw Rejected.invalid("receivedOn", "病院が求めを受け付けた日付は必須です", "the date the hospital received the request is required");
    }
    if (receivedOn.isBefore(ACT_EFFECTIVE)) {
      throw Rejected.invalid("receivedOn", "法の施行日 " + ACT_EFFECTIVE + " より前に受け付けた求めはありえません（入力: "
          + receivedOn + "）", "the request cannot have been received before " + ACT_EFFECTIVE
          + ", when the Act took effect; got " + receivedOn);
    }
    if (receivedOn.isAfter(today)) {
      throw Rejected.invalid("receivedOn", "未来の日付 (" + receivedOn + ") に受け付けた求めはありえません（"
          + ReportingPeriod.ZONE + " の今日は " + today + "）", "the request cannot have been received in the future ("
          + receivedOn + ", today is " + today + " in " + ReportingPeriod.ZONE + ")");
    }
  }

  private void checkCorrection(NewLedgerEntry entry) {
    LedgerEntry corrected = ledger.find(entry.correctsEntryId())
        .orElseThrow(() -> Rejected.invalid("correctsEntryId", "台帳エントリ " + entry.correctsEntryId() + " はありません",
            "no ledger entry " + entry.correctsEntryId()));
    if (!corrected.hospitalId().equals(entry.hospitalId())) {
      throw Rejected.invalid("correctsEntryId", "エントリ " + corrected.id() + " は別の病院のものです",
          "entry " + corrected.id() + " belongs to another hospital");
    }
    if (ledger.isCorrected(corrected.id())) {
      throw Rejected.conflict("エントリ " + corrected.id() + " はすでに訂正されています。最新のエントリを訂正してください",
          "entry " + corrected.id() + " has already been corrected; correct the latest entry instead");
    }
    if (entry.reason() == null || entry.reason().isBlank() || entry.reason().length() > 500) {
      throw Rejected.invalid("reason", "訂正には1～500文字の理由が必要です", "a correction needs a reason of 1 to 500 characters");
    }
  }
}
