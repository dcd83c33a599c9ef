package io.optoutchain.party;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A named chain that many hospitals share: the intake route after the hospital, whose last party
 * keeps the ledger, and one report route per certified producer receiving the hospitals' records,
 * each from the ledger keeper to that producer. A hospital assigned to it has one {@link ReportChain}
 * per route.
 */
public record ChainTemplate(String id, String name, List<String> intake, List<List<String>> reports) {

  public static final int MAX_NAME = 200;
  /** More hops than any real delegation has; a bound on what one request can ask us to store. */
  public static final int MAX_PARTIES = 20;

  public ChainTemplate {
    intake = intake == null ? List.of() : List.copyOf(intake);
    reports = reports == null ? List.of() : reports.stream().map(r -> r == null ? List.<String>of() : List.copyOf(r))
        .toList();
  }

  /** The party that keeps the ledger: the last of the intake, or the first of the routes without one. */
  public String ledgerKeeper() {
    if (!intake.isEmpty()) {
      return intake.get(intake.size() - 1);
    }
    return reports.isEmpty() || reports.get(0).isEmpty() ? null : reports.get(0).get(0);
  }

  /** The hospital's report chains along this template, one per route. */
  public List<ReportChain> forHospital(String hospitalId) {
    return reports.stream().map(route -> new ReportChain(hospitalId, intake, route)).toList();
  }

  /**
   * What is wrong with the template, checked against the parties as they are: {@code roles} gives a
   * party's roles, or nothing for a party that does not exist. Empty when it may be saved.
   */
  public List<Problem> problems(Function<String, Optional<Set<PartyRole>>> roles) {
    List<Problem> problems = new ArrayList<>();
    if (!PartyIds.valid(id)) {
      problems.add(new Problem("id", "経路IDは英小文字・数字・. _ - の50文字以内です",
          "a chain id is at most 50 lower-case letters, digits, '.', '_' or '-'"));
    }
    if (name == null || name.isBlank() || name.length() > MAX_NAME) {
      problems.add(new Problem("name", "経路の名前（200文字以内）を入れてください", "a chain needs a name of at most 200 characters"));
    }
    checkParties("intake", intake, 0, roles, problems);
    if (reports.isEmpty()) {
      problems.add(new Problem("reports", "報告経路が1つもありません（認定作成事業者ごとに1つ）",
          "a chain needs at least one report route (one per certified producer)"));
    }
    if (reports.size() > MAX_PARTIES) {
      problems.add(new Problem("reports", "報告経路は" + MAX_PARTIES + "までです", "at most " + MAX_PARTIES + " report routes"));
      return problems;
    }
    String keeper = ledgerKeeper();
    Set<String> recipients = new HashSet<>();
    for (int r = 0; r < reports.size(); r++) {
      List<String> route = reports.get(r);
      String field = "reports[" + r + "]";
      if (route.size() < 2) {
        problems.add(new Problem(field, "報告経路には送り手（台帳管理者）と受け手が必要です",
            "a report route needs a sender (the ledger keeper) and a recipient"));
        continue;
      }
      checkParties(field, route, 2, roles, problems);
      if (keeper != null && !keeper.equals(route.get(0))) {
        problems.add(new Problem(field, "報告経路は台帳管理者 " + keeper + "（受付経路の最後）から始まります",
            "a report route starts at the ledger keeper " + keeper + " (the last party of the intake)"));
      }
      String recipient = route.get(route.size() - 1);
      if (!recipients.add(recipient)) {
        problems.add(new Problem(field, recipient + " への報告経路が2つあります（受領者ごとに1つ）",
            "two report routes end at " + recipient + " (one route per recipient)"));
      }
      roles.apply(recipient).filter(held -> !held.contains(PartyRole.CERTIFIED_PRODUCER))
          .ifPresent(held -> problems.add(new Problem(field, "最終受領者 " + recipient + " は認定作成事業者（CERTIFIED_PRODUCER）ではありません",
              "the final recipient " + recipient + " does not hold the role CERTIFIED_PRODUCER")));
    }
    return problems;
  }

  private static void checkParties(String field, List<String> parties, int minimum,
      Function<String, Optional<Set<PartyRole>>> roles, List<Problem> problems) {
    if (parties.size() > MAX_PARTIES) {
      problems.add(new Problem(field, "経路の組織は" + MAX_PARTIES + "までです", "at most " + MAX_PARTIES + " parties on a route"));
      return;
    }
    Set<String> seen = new HashSet<>();
    for (String party : parties) {
      if (!PartyIds.valid(party) || roles.apply(party).isEmpty()) {
        problems.add(new Problem(field, "組織 " + shown(party) + " は登録されていません", "no party " + shown(party) + " is registered"));
      } else if (!seen.add(party)) {
        problems.add(new Problem(field, "組織 " + party + " が経路に2回あります", "party " + party + " appears twice on the route"));
      }
    }
  }

  private static String shown(String value) {
    if (value == null) {
      return "(none)";
    }
    return value.length() > 64 ? value.substring(0, 64) + "…" : value;
  }
}
