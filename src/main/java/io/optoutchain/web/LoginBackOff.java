package io.optoutchain.web;

import io.optoutchain.error.Bounded;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing without ever locking anyone out for good. Failed logins are counted
 * per user id and per client address; past a few free attempts each further failure backs the user
 * (or the client) off for twice as long as the last time, up to a cap, and a quiet spell forgets the
 * count. While backed off, a login is answered "retry later" before the password is checked, so a
 * flood costs neither password hashing nor audit rows. Memory is bounded: each table keeps only its
 * most recently failed entries.
 */
@Component
public class LoginBackOff {

  /** A person mistyping a password gets this many tries before the first wait. */
  static final int FREE_ATTEMPTS_PER_USER = 5;
  /** One address may host several users (an office behind one gateway), so it gets more. */
  static final int FREE_ATTEMPTS_PER_CLIENT = 20;
  static final Duration FIRST_DELAY = Duration.ofSeconds(1);
  /** The longest wait; Camunda's own delay (loginDelayMaxTime) has the same cap. */
  static final Duration MAX_DELAY = Duration.ofSeconds(60);
  /** After this long without a failure, the count starts again. */
  static final Duration FORGET_AFTER = Duration.ofMinutes(15);
  /** Failures of one user from one client within this window are one burst: one audit row. */
  static final Duration BURST = Duration.ofMinutes(15);
  static final int MAX_ENTRIES = 10_000;

  private final Clock clock;
  private final Map<String, Failures> byUser = lruTable();
  private final Map<String, Failures> byClient = lruTable();
  private final Map<String, Instant> burstStarted = lruTable();

  public LoginBackOff(Clock clock) {
    this.clock = clock;
  }

  /** How long the caller must wait before its next login is even checked; empty if it may try now. */
  public synchronized Optional<Duration> retryAfter(String userId, String client) {
    Instant now = clock.instant();
    Instant until = later(blockedUntil(byUser.get(key(userId)), now), blockedUntil(byClient.get(client), now));
    return until == null ? Optional.empty() : Optional.of(Duration.between(now, until));
  }

  /**
   * Counts a failed login. Returns whether it opens a new burst for this user and client, i.e.
   * whether it deserves an audit row.
   */
  public synchronized boolean failed(String userId, String client) {
    Instant now = clock.instant();
    count(byUser, key(userId), FREE_ATTEMPTS_PER_USER, now);
    count(byClient, client, FREE_ATTEMPTS_PER_CLIENT, now);
    String burst = key(userId) + "\n" + client;
    Instant started = burstStarted.get(burst);
    if (started != null && now.isBefore(started.plus(BURST))) {
      return false;
    }
    burstStarted.put(burst, now);
    return true;
  }

  /** The right password ends the user's back-off; the client's stays, so one good account cannot launder guesses at others. */
  public synchronized void succeeded(String userId) {
    byUser.remove(key(userId));
  }

  /** Forgets everything: for tests that start from nothing. */
  public synchronized void forgetAll() {
    byUser.clear();
    byClient.clear();
    burstStarted.clear();
  }

  private static void count(Map<String, Failures> table, String key, int freeAttempts, Instant now) {
    Failures previous = table.remove(key);
    int failures = previous == null || now.isAfter(previous.lastFailure().plus(FORGET_AFTER)) ? 1
        : previous.count() + 1;
    Instant blockedUntil = failures <= freeAttempts ? null : now.plus(delay(failures - freeAttempts));
    // Re-inserted, so the table's eviction order is by last failure.
    table.put(key, new Failures(failures, now, blockedUntil));
  }

  static Duration delay(int failuresBeyondFree) {
    int doublings = Math.min(failuresBeyondFree - 1, 30);
    Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }

  private static Instant blockedUntil(Failures failures, Instant now) {
    return failures == null || failures.blockedUntil() == null || !failures.blockedUntil().isAfter(now) ? null
        : failures.blockedUntil();
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }

  /** User ids are compared as the identity would; an absurdly long one is still one small key. */
  private static String key(String userId) {
    return Bounded.text(String.valueOf(userId), Bounded.NAME);
  }

  private static <V> Map<String, V> lruTable() {
    return new LinkedHashMap<>(256, 0.75f, false) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > MAX_ENTRIES;
      }
    };
  }

  private record Failures(int count, Instant lastFailure, Instant blockedUntil) {}
}
