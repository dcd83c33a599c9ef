package io.optoutchain.party;

/** A reason a party or chain cannot be saved as asked: the field at fault, in Japanese and English. */
public record Problem(String field, String japanese, String english) {}
