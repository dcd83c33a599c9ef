package io.optoutchain.release;

import java.time.LocalDate;
import java.util.List;

/** A dataset a certified producer means to provide: to whom, cut off when, from which hospitals. */
public record NewRelease(String producer, String dataUser, LocalDate cutoff, List<String> hospitals) {}
