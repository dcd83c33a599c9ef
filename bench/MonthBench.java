import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A month of monthly reports driven over the product's HTTP API, as the parties' own systems would
 * drive it: configuration through the administrator's API and the engine's user API, then for each
 * run (a number of concurrent clients) a fresh set of hospitals through start, declaration, sending,
 * handing on, both acknowledgements and the applied confirmation. Prints each step's rate and latency
 * and the database's time per call (pg_stat_statements, read with psql: PGHOST, PGPORT, PGUSER).
 *
 * <p>Run by bench/run.sh, which starts PostgreSQL and the app: {@code java bench/MonthBench.java --help}.
 * No dependency beyond the JDK; the few JSON fields read are picked out by regular expressions.
 */
public class MonthBench {

  static final String CHAIN = "bench";
  static final String KEEPER = "nttdata";
  static final String HOP1 = "ldi";
  static final String FINAL = "jmimo";
  static final int NATION = 180_000;

  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  final String base;
  final String period;
  final int hospitals;
  final int configured;
  final List<Integer> clients;
  final int optOuts;
  final int warmup;
  final boolean startAll;
  final int statementsPerStep;
  int allErrors;
  final double[] pgbenchTps;
  final Map<String, String> auth = new ConcurrentHashMap<>();
  final String password = "bench-" + Long.toHexString(System.nanoTime());
  final Set<String> errorKinds = ConcurrentHashMap.newKeySet();

  MonthBench(Map<String, String> args) {
    base = args.getOrDefault("base", "http://127.0.0.1:18080");
    period = args.get("period");
    hospitals = Integer.parseInt(args.getOrDefault("hospitals", "2000"));
    configured = Integer.parseInt(args.getOrDefault("configured", "0"));
    clients = Arrays.stream(args.getOrDefault("clients", "1,4").split(",")).map(String::trim).map(Integer::valueOf)
        .toList();
    optOuts = Integer.parseInt(args.getOrDefault("optouts", "1"));
    warmup = Integer.parseInt(args.getOrDefault("warmup", "50"));
    startAll = Boolean.parseBoolean(args.getOrDefault("start-all", "false"));
    statementsPerStep = Integer.parseInt(args.getOrDefault("statements", "0"));
    pgbenchTps = Arrays.stream(args.getOrDefault("pgbench-tps", "0,0").split(",")).mapToDouble(Double::parseDouble)
        .toArray();
    auth.put("admin", basic(args.getOrDefault("admin", "admin"), args.get("admin-password")));
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (argv[i].equals("--help")) {
        System.out.println("java bench/MonthBench.java --base URL --admin USER --admin-password PW --period YYYY-MM"
            + " [--hospitals N] [--configured M] [--clients 1,4] [--optouts K] [--warmup W] [--start-all true] [--pgbench-tps C1,C4]"
            + " [--statements K]");
        return;
      }
      args.put(argv[i].replaceFirst("^--", ""), argv[++i]);
    }
    new MonthBench(args).run();
  }

  // ---------------------------------------------------------------- HTTP

  record Answer(int status, String body, HttpResponse<String> response) {
    boolean ok() {
      return status / 100 == 2;
    }
  }

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  Answer call(String user, String method, String path, String contentType, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(30))
        .header("Authorization", auth.get(user));
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request.header("Content-Type", contentType).header("X-Requested-By", "optout-bench")
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      return new Answer(-1, e.toString(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  Answer post(String user, String path, String json) {
    return call(user, "POST", path, "application/json", json);
  }

  /** A non-2xx answer is an error; each kind (step and status) is printed once with its body. */
  boolean check(String step, Answer answer) {
    if (answer.ok()) {
      return true;
    }
    if (errorKinds.add(step + " " + answer.status())) {
      String body = answer.body() == null ? "" : answer.body();
      System.out.printf("  ERROR %s: HTTP %d %s%n", step, answer.status(), body.substring(0, Math.min(400,
          body.length())));
    }
    return false;
  }

  static String q(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*(\"([^\"]*)\"|[-0-9.]+|true|false|null)").matcher(json);
    if (!m.find()) {
      return null;
    }
    return m.group(2) != null ? m.group(2) : m.group(1);
  }

  // ---------------------------------------------------------------- steps, timed

  /** One step of the month: every call's latency, errors, the wall time, the database's share. */
  static final class Step {
    final String name;
    final String who;
    long[] nanos = new long[0];
    int calls;
    final AtomicInteger errors = new AtomicInteger();
    double wallSeconds;
    long sqlCalls;
    double sqlMillis;
    double lockMillis;

    Step(String name, String who) {
      this.name = name;
      this.who = who;
    }

    double rate() {
      return calls / wallSeconds;
    }

    double meanMs() {
      return Arrays.stream(nanos).average().orElse(0) / 1e6;
    }

    double p95Ms() {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      return sorted.length == 0 ? 0 : sorted[(int) Math.ceil(sorted.length * 0.95) - 1] / 1e6;
    }
  }

  interface Call {
    Answer run(int index);
  }

  /** Runs {@code count} calls on {@code threads} clients, each taking the next index; times each call. */
  Step step(String name, String who, int count, int threads, Call call) throws InterruptedException {
    Step step = new Step(name, who);
    long[] nanos = new long[count];
    AtomicInteger next = new AtomicInteger();
    double[] before = sqlTotals();
    Map<String, Long> callsBefore = statementsPerStep > 0 ? statementCalls() : Map.of();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      pool.execute(() -> {
        for (int i; (i = next.getAndIncrement()) < count; ) {
          long t0 = System.nanoTime();
          Answer answer = call.run(i);
          nanos[i] = System.nanoTime() - t0;
          if (!check(name, answer)) {
            step.errors.incrementAndGet();
          }
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(7, TimeUnit.DAYS);
    step.wallSeconds = (System.nanoTime() - start) / 1e9;
    double[] after = sqlTotals();
    step.nanos = nanos;
    step.calls = count;
    step.sqlCalls = (long) (after[0] - before[0]);
    step.sqlMillis = after[1] - before[1];
    step.lockMillis = after[2] - before[2];
    if (statementsPerStep > 0) {
      printStatementsPerCall(name, count, callsBefore, statementCalls());
    }
    return step;
  }

  /** Calls per statement (its first 100 characters), to see what one API call runs. */
  static Map<String, Long> statementCalls() {
    Map<String, Long> calls = new HashMap<>();
    for (String row : psql("select calls, left(regexp_replace(query, '\\s+', ' ', 'g'), 100) " + APP_STATEMENTS)) {
      String[] f = row.split("\\|", 2);
      calls.merge(f[1], Long.parseLong(f[0]), Long::sum);
    }
    return calls;
  }

  void printStatementsPerCall(String name, int count, Map<String, Long> before, Map<String, Long> after) {
    System.out.printf("  statements per call in %s (top %d):%n", name, statementsPerStep);
    after.entrySet().stream()
        .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(statementsPerStep)
        .forEach(e -> System.out.printf("  %7.2f  %s%n", (double) e.getValue() / count, e.getKey()));
  }

  // ---------------------------------------------------------------- psql

  static final String APP_STATEMENTS = "from pg_stat_statements where dbid = (select oid from pg_database where"
      + " datname = 'optout') and query not ilike '%pg_stat_statements%'";

  static List<String> psql(String sql) {
    try {
      Process p = new ProcessBuilder("psql", "-X", "-Atq", "-F", "|", "-d", "optout", "-c", sql)
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IllegalStateException("psql failed: " + out);
      }
      return out.isBlank() ? List.of() : List.of(out.strip().split("\n"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static long databaseBytes() {
    return Long.parseLong(psql("select pg_database_size('optout')").get(0).strip());
  }

  static double[] sqlTotals() {
    // Waiting for an advisory lock counts as execution time; it is shown apart, as it is waiting, not work.
    String[] row = psql("select coalesce(sum(calls), 0), coalesce(sum(total_exec_time), 0), coalesce(sum("
        + "total_exec_time) filter (where query like 'select pg_advisory_xact_lock%'), 0) " + APP_STATEMENTS)
        .get(0).split("\\|");
    return new double[] {Double.parseDouble(row[0]), Double.parseDouble(row[1]), Double.parseDouble(row[2])};
  }

  // ---------------------------------------------------------------- the run

  static String hospitalId(int n) {
    return String.format("h%06d", n);
  }

  static String idleId(int n) {
    return String.format("idle%06d", n);
  }

  static String userOf(String party) {
    return party + "-bench";
  }

  /** The hospital's k-th patient key of the month: 64 hex digits, as the hospital's system derives them. */
  static String patientKey(String hospital, int k) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(("bench|" + hospital + "|" + k).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  int warmupErrors;

  void run() throws Exception {
    int runs = clients.size();
    int active = hospitals * runs + warmup;
    System.out.printf("== configuration: %,d hospitals to report (%d runs of %,d, %,d to warm up), %,d more"
        + " configured and idle, chain %s: intake [ldi, nttdata], report [nttdata, ldi, jmimo], %d opt-out(s) per"
        + " hospital%n", active, runs, hospitals, warmup, configured, CHAIN, optOuts);
    configure(active);
    if (warmup > 0) {
      // The JVM's JIT and the pools warm on hospitals of their own, in the same month, before anything is timed.
      long t0 = System.nanoTime();
      int threads = clients.stream().max(Integer::compare).orElse(1);
      List<Step> steps = month(hospitals * runs + 1, warmup, threads);
      warmupErrors = steps.stream().mapToInt(s -> s.errors.get()).sum();
      System.out.printf("%nwarm-up: %,d hospitals through the month on %d client(s), %.1f s (not timed), %d errors%n",
          warmup, threads, (System.nanoTime() - t0) / 1e9, warmupErrors);
    }

    List<Step> allSteps = new ArrayList<>();
    List<String> summary = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      int c = clients.get(r);
      int first = r * hospitals + 1;
      System.out.printf("%n== month %s, run %d: %,d hospitals (%s … %s), %d concurrent client(s)%n", period, r + 1,
          hospitals, hospitalId(first), hospitalId(first + hospitals - 1), c);
      long sizeBefore = databaseBytes();
      List<Step> steps = month(first, hospitals, c);
      allSteps.addAll(steps);
      summary.add(report(steps, c, r, first));
      long grown = databaseBytes() - sizeBefore;
      System.out.printf("storage: the app's database grew %.1f MB in the month, %.1f KB per hospital-month (tables and"
          + " indexes, pg_database_size; WAL not counted)%n", grown / 1e6, grown / 1e3 / hospitals);
    }
    if (startAll) {
      startEveryHospital();
    }
    System.out.printf("%n== summary%n");
    summary.forEach(System.out::println);
    int errors = warmupErrors + allErrors + allSteps.stream().mapToInt(s -> s.errors.get()).sum();
    System.out.printf("errors: %d%n", errors);
    if (errors > 0) {
      System.exit(1);
    }
  }

  void configure(int active) throws Exception {
    long t0 = System.nanoTime();
    // The chain's parties, then the chain, then the hospitals on it: the administrator's CSV import and API.
    String parties = "id,name_ja,name_en,contact_email,roles,chain\n"
        + "ldi,ライフデータイニシアティブ,LDI,,CONTRACTOR|CERTIFIED_PRODUCER,\n"
        + "nttdata,NTTデータ,NTT Data,,CONTRACTOR,\n"
        + "jmimo,日本医師会医療情報管理機構,J-MIMO,,CERTIFIED_PRODUCER,\n";
    require("import parties", importCsv("bench-parties", parties));
    require("create chain", post("admin", "/api/admin/chains", "{\"clientRequestId\":\"bench-chain\",\"id\":" + q(CHAIN)
        + ",\"name\":\"ベンチの経路 / Bench chain\",\"intake\":[\"ldi\",\"nttdata\"],"
        + "\"reports\":[[\"nttdata\",\"ldi\",\"jmimo\"]]}"));
    StringBuilder csv = new StringBuilder("id,name_ja,name_en,contact_email,roles,chain\n");
    for (int n = 1; n <= active; n++) {
      csv.append(hospitalId(n)).append(",ベンチ病院").append(n).append(",Bench Hospital ").append(n)
          .append(",,HOSPITAL,").append(CHAIN).append('\n');
    }
    for (int n = 1; n <= configured; n++) {
      csv.append(idleId(n)).append(",待機病院").append(n).append(",Idle Hospital ").append(n)
          .append(",,HOSPITAL,").append(CHAIN).append('\n');
    }
    long tImport = System.nanoTime();
    Answer imported = importCsv("bench-hospitals", csv.toString());
    require("import hospitals", imported);
    System.out.printf("import of %,d hospitals: %.1f s %s%n", active + configured, (System.nanoTime() - tImport) / 1e9,
        imported.body());

    // One operator user per acting party, and one per hospital: the engine's user API, as an administrator.
    List<String> acting = new ArrayList<>(List.of(KEEPER, HOP1, FINAL));
    for (int n = 1; n <= active; n++) {
      acting.add(hospitalId(n));
    }
    long tUsers = System.nanoTime();
    Step users = step("create users", "admin", acting.size(), 4, i -> {
      String party = acting.get(i);
      String user = userOf(party);
      Answer created = post("admin", "/engine-rest/user/create", "{\"profile\":{\"id\":" + q(user)
          + ",\"firstName\":" + q(party) + ",\"lastName\":\"bench\",\"email\":" + q(user + "@bench.example")
          + "},\"credentials\":{\"password\":" + q(password) + "}}");
      if (!created.ok()) {
        return created;
      }
      auth.put(user, basic(user, password));
      return call("admin", "PUT", "/engine-rest/group/" + party + "-operators/members/" + user, null, null);
    });
    requireNoErrors(users);
    System.out.printf("users: %,d with their operators' group membership: %.1f s%n", acting.size(),
        (System.nanoTime() - tUsers) / 1e9);

    // The month's opt-outs, recorded in the ledger by the ledger keeper (its own records go straight in: 201).
    if (optOuts > 0) {
      long tLedger = System.nanoTime();
      Step ledger = step("ledger entries", userOf(KEEPER), active * optOuts, 4, i -> {
        String hospital = hospitalId(i / optOuts + 1);
        int k = i % optOuts;
        String receivedOn = period + "-" + String.format("%02d", 1 + k % 28);
        return post(userOf(KEEPER), "/api/ledger/entries", "{\"clientRequestId\":\"bench-ledger-" + hospital + "-" + k
            + "\",\"hospitalId\":" + q(hospital) + ",\"patientKey\":" + q(patientKey(hospital, k))
            + ",\"kind\":\"STOP_PROVISION\",\"receivedOn\":" + q(receivedOn) + "}");
      });
      requireNoErrors(ledger);
      System.out.printf("ledger: %,d opt-outs recorded by the keeper: %.1f s%n", active * optOuts,
          (System.nanoTime() - tLedger) / 1e9);
    }
    psql("vacuum analyze");
    System.out.printf("configuration took %.1f s (not counted in the month)%n", (System.nanoTime() - t0) / 1e9);
  }

  Answer importCsv(String requestId, String csv) {
    return call("admin", "POST", "/api/admin/parties/import?clientRequestId=" + requestId, "text/csv", csv);
  }

  void require(String what, Answer answer) {
    if (!check(what, answer)) {
      throw new IllegalStateException(what + " failed: HTTP " + answer.status());
    }
  }

  static void requireNoErrors(Step step) {
    if (step.errors.get() > 0) {
      throw new IllegalStateException(step.name + ": " + step.errors.get() + " errors");
    }
  }

  /** The figures a party digests: what it holds of the hospital's month. */
  record Figures(int count, String prefix) {}

  List<Step> month(int first, int hospitals, int threads) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int n = first; n < first + hospitals; n++) {
      ids.add(hospitalId(n));
    }
    String keeper = userOf(KEEPER);
    String hop1 = userOf(HOP1);
    String last = userOf(FINAL);
    Figures[] figures = new Figures[hospitals];
    String[] received = new String[hospitals];
    List<Step> steps = new ArrayList<>();
    psql("select pg_stat_statements_reset()");

    // The ledger keeper starts the month for the hospitals (the closer does this on the closing day).
    steps.add(start(ids));

    IntFunction<String> report = i -> "/api/reports/" + ids.get(i) + "/" + period;
    // The hospital digests its own keys for the month and declares its count and the prefix.
    steps.add(step("declare: digest", "hospital", hospitals, threads, i -> {
      String hospital = ids.get(i);
      List<String> keys = new ArrayList<>();
      for (int k = 0; k < optOuts; k++) {
        keys.add(q(patientKey(hospital, k)));
      }
      return digest(userOf(hospital), keys, figures, i);
    }));
    steps.add(step("declare", "hospital", hospitals, threads, i -> post(userOf(ids.get(i)), report.apply(i)
        + "/declaration", "{\"clientRequestId\":\"decl-" + ids.get(i) + "\",\"count\":" + figures[i].count()
        + ",\"digestPrefix\":" + q(figures[i].prefix()) + (figures[i].count() == 0 ? ",\"nilAttested\":true" : "")
        + "}")));
    // The ledger keeper sends the report compiled from the ledger, then takes the file it hands on.
    steps.add(step("send", "nttdata", hospitals, threads, i -> post(keeper, report.apply(i) + "/send",
        "{\"clientRequestId\":\"send-" + ids.get(i) + "\"}")));
    steps.add(step("hand on: manifest.txt", "nttdata", hospitals, threads, i -> {
      Answer file = call(keeper, "GET", report.apply(i) + "/manifest.txt", null, null);
      received[i] = file.ok() ? file.body() : "";
      return file;
    }));
    // Each receiver digests the file it was handed and acknowledges blind; J-MIMO then its exclusion list.
    acknowledge(steps, "ack hop 1 (ldi)", hop1, ids, received, figures, threads);
    acknowledge(steps, "ack hop 2 (jmimo)", last, ids, received, figures, threads);
    steps.add(step("applied: digest", "jmimo", hospitals, threads, i -> digest(last, keysOf(received[i]), figures, i)));
    steps.add(step("applied", "jmimo", hospitals, threads, i -> post(last, report.apply(i) + "/applied-confirmation",
        "{\"clientRequestId\":\"applied-" + ids.get(i) + "\",\"count\":" + figures[i].count() + ",\"digestPrefix\":"
            + q(figures[i].prefix()) + "}")));
    return steps;
  }

  void acknowledge(List<Step> steps, String name, String user, List<String> ids, String[] received, Figures[] figures,
      int threads) throws InterruptedException {
    int hospitals = ids.size();
    steps.add(step(name + ": digest", user.replace("-bench", ""), hospitals, threads,
        i -> digest(user, keysOf(received[i]), figures, i)));
    steps.add(step(name, user.replace("-bench", ""), hospitals, threads, i -> post(user, "/api/reports/" + ids.get(i)
        + "/" + period + "/acknowledgement", "{\"clientRequestId\":\"ack-" + user + "-" + ids.get(i) + "\",\"count\":"
        + figures[i].count() + ",\"digestPrefix\":" + q(figures[i].prefix()) + "}")));
  }

  static final Pattern KEY_LINE = Pattern.compile("(?m)^[0-9a-f]{64}$");

  static List<String> keysOf(String file) {
    List<String> keys = new ArrayList<>();
    Matcher m = KEY_LINE.matcher(file == null ? "" : file);
    while (m.find()) {
      keys.add(q(m.group()));
    }
    return keys;
  }

  Answer digest(String user, List<String> keys, Figures[] figures, int i) {
    Answer answer = post(user, "/api/manifests/digest", "{\"period\":" + q(period) + ",\"keys\":" + keys + "}");
    figures[i] = answer.ok() ? new Figures(Integer.parseInt(field(answer.body(), "count")),
        field(answer.body(), "digestPrefix")) : new Figures(-1, "00000000");
    return answer;
  }

  /**
   * Starts the period for the hospitals: one call (ids sent in slices of at most 10,000 to keep the
   * body under the API's 1 MB). A synchronous answer (200/201) is done; 202 names a handle
   * (Location, or a follow/location/handle field) that is polled until its state is DONE.
   */
  Step start(List<String> ids) throws InterruptedException {
    int slice = 10_000;
    int slices = (ids.size() + slice - 1) / slice;
    return step("start", "nttdata", slices, 1, s -> {
      List<String> part = ids.subList(s * slice, Math.min(ids.size(), (s + 1) * slice));
      return startAndFollow(userOf(KEEPER), "{\"clientRequestId\":\"start-" + period + "-" + part.get(0)
          + "\",\"hospitalIds\":" + part.stream().map(MonthBench::q).toList() + "}");
    });
  }

  /**
   * The production start of a month: every configured hospital (the idle ones and any not yet started),
   * one call without hospitalIds, as the closer does it; the hospitals the runs started are skipped.
   */
  void startEveryHospital() throws InterruptedException {
    System.out.printf("%n== start of %s for every configured hospital (no hospitalIds, as the closer does)%n", period);
    Answer[] last = new Answer[1];
    Step step = step("start every hospital", "admin", 1, 1, s -> last[0] = startAndFollow("admin",
        "{\"clientRequestId\":\"start-all-" + period + "\"}"));
    System.out.printf("%.1f s, %d errors, %.2f db ms in all (%d SQL statements); the run as it ended: %s%n",
        step.wallSeconds, step.errors.get(), step.sqlMillis, step.sqlCalls, last[0] == null ? "" : last[0].body());
    String done = last[0] == null || last[0].body() == null ? null : field(last[0].body(), "hospitalsDone");
    if (done != null && step.wallSeconds > 0) {
      System.out.printf("%.1f hospitals/s; projection for %,d hospitals at this rate: %.1f min%n",
          Integer.parseInt(done) / step.wallSeconds, NATION, NATION / (Integer.parseInt(done) / step.wallSeconds) / 60);
    }
    allErrors += step.errors.get();
  }

  Answer startAndFollow(String user, String body) {
    Answer answer = post(user, "/api/periods/" + period + "/reports", body);
    if (answer.status() != 202) {
      return answer;
    }
    String handle = answer.response().headers().firstValue("Location").orElse(null);
    for (String name : List.of("follow", "location", "handle", "href")) {
      if (handle == null) {
        handle = field(answer.body(), name);
      }
    }
    if (handle == null) {
      return new Answer(-2, "202 without a Location or handle: " + answer.body(), null);
    }
    URI uri = URI.create(handle);
    String path = uri.isAbsolute() ? uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
        : handle;
    long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(12);
    while (System.nanoTime() < deadline) {
      Answer polled = call(user, "GET", path, null, null);
      if (!polled.ok()) {
        return polled;
      }
      String state = field(polled.body(), "state");
      if (state == null) {
        state = field(polled.body(), "status");
      }
      if ("DONE".equalsIgnoreCase(state)) {
        return polled;
      }
      if (state != null && state.toUpperCase(Locale.ROOT).matches("FAILED|ERROR|REFUSED")) {
        return new Answer(-3, polled.body(), polled.response());
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Answer(-1, "interrupted", null);
      }
    }
    return new Answer(-4, "start not DONE after 12 h: " + path, null);
  }

  // ---------------------------------------------------------------- figures

  String report(List<Step> steps, int threads, int run, int first) {
    double c4 = pgbenchTps.length > 1 ? pgbenchTps[1] : 0;
    System.out.printf("%-25s %-8s %6s %6s %7s %8s %8s %8s %7s %10s %9s %8s%n", "step", "who", "calls", "errors",
        "wall s", "calls/s", "mean ms", "p95 ms", "%pgb-c4", "db ms/call", "lock wait", "sql/call");
    double wall = 0;
    long sqlCalls = 0;
    double sqlMillis = 0;
    double lockMillis = 0;
    int apiCalls = 0;
    for (Step s : steps) {
      wall += s.wallSeconds;
      sqlCalls += s.sqlCalls;
      sqlMillis += s.sqlMillis;
      apiCalls += s.calls;
      System.out.printf("%-25s %-8s %6d %6d %7.2f %8.1f %8.2f %8.2f %6.1f%% %10.2f %9.2f %8.1f%n", s.name, s.who,
          s.calls, s.errors.get(), s.wallSeconds, s.rate(), s.meanMs(), s.p95Ms(), c4 > 0 ? 100 * s.rate() / c4 : 0,
          (s.sqlMillis - s.lockMillis) / s.calls, s.lockMillis / s.calls, (double) s.sqlCalls / s.calls);
      lockMillis += s.lockMillis;
    }
    System.out.printf("month end to end (start to the last applied confirmation): %.1f s for %,d hospitals,"
        + " %.2f ms per hospital-month; %,d API calls, %.1f calls/s%n", wall, hospitals, 1000 * wall / hospitals,
        apiCalls, apiCalls / wall);
    if (c4 > 0) {
      System.out.printf("acknowledgements: %s of pgbench -c4 tps (target at least 20 %%)%n", steps.stream()
          .filter(st -> st.name.startsWith("ack") && !st.name.endsWith("digest"))
          .map(st -> String.format("%s %.1f %%", st.name, 100 * st.rate() / c4)).toList());
    }
    System.out.printf("database: %.0f ms of statement execution (%.0f ms more waiting for advisory locks), %.2f ms per"
        + " API call, %.1f ms and %.0f SQL statements per hospital-month%n", sqlMillis - lockMillis, lockMillis,
        (sqlMillis - lockMillis) / apiCalls, (sqlMillis - lockMillis) / hospitals, (double) sqlCalls / hospitals);

    System.out.printf("top 10 statements of this month by total execution time (pg_stat_statements):%n");
    System.out.printf("  %9s %9s %9s  %s%n", "calls", "total ms", "mean ms", "query");
    for (String row : psql("select calls, round(total_exec_time::numeric, 1), round(mean_exec_time::numeric, 3),"
        + " left(regexp_replace(query, '\\s+', ' ', 'g'), 100) " + APP_STATEMENTS
        + " order by total_exec_time desc limit 10")) {
      String[] f = row.split("\\|", 4);
      System.out.printf("  %9s %9s %9s  %s%n", f[0], f[1], f[2], f[3]);
    }

    String reconciled = reconciled(first);
    double perHospital = wall / hospitals;
    // Two chains: every hospital's records to two producers, as the chain two-producers has it. The
    // hospital declares once; every other step is per report, so twice.
    double declaring = steps.stream().filter(s -> s.name.startsWith("declare")).mapToDouble(s -> s.wallSeconds).sum()
        / hospitals;
    double twoChains = 2 * perHospital - declaring;
    System.out.printf("check: %s%n", reconciled);
    System.out.printf("projection at this rate, %,d hospitals: one chain %.1f h; two chains (two producers per"
        + " hospital, declaring once) %.1f h%n", NATION, perHospital * NATION / 3600, twoChains * NATION / 3600);
    return String.format("run %d, %d client(s): %.2f ms per hospital-month, %.1f API calls/s, %.2f db ms per API call,"
        + " %.0f SQL statements per hospital-month; %,d hospitals: %.1f h (one chain), %.1f h (two chains); %s",
        run + 1, threads, 1000 * perHospital, apiCalls / wall, (sqlMillis - lockMillis) / apiCalls,
        (double) sqlCalls / hospitals,
        NATION, perHospital * NATION / 3600, twoChains * NATION / 3600, reconciled);
  }

  /** The run's reports as the administrator reads them: how many reached RECONCILED. */
  String reconciled(int first) {
    Map<String, Integer> byStatus = new LinkedHashMap<>();
    int total = 0;
    for (int page = 0; ; page++) {
      Answer answer = call("admin", "GET", "/api/periods/" + period + "/reports?size=1000&page=" + page, null, null);
      if (!check("statuses", answer)) {
        return "statuses unreadable";
      }
      Matcher m = Pattern.compile("\"hospitalId\"\\s*:\\s*\"(h\\d{6})\"[^}]*?\"status\"\\s*:\\s*\"([A-Z_]+)\"")
          .matcher(answer.body());
      int items = 0;
      while (m.find()) {
        items++;
        int n = Integer.parseInt(m.group(1).substring(1));
        if (n >= first && n < first + hospitals) {
          byStatus.merge(m.group(2), 1, Integer::sum);
          total++;
        }
      }
      if (items < 1000) {
        break;
      }
    }
    return total + " reports of the run read back, by status " + byStatus;
  }
}
