package io.cardledger.ingest.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedSecretTest {
    @Test
    void matchesOnlyTheExactSecret() {
        SharedSecret secret = new SharedSecret("correct horse");

        assertThat(secret.matches("correct horse")).isTrue();
        assertThat(secret.matches("correct hors")).isFalse();
        assertThat(secret.matches("correct horse ")).isFalse();
        assertThat(secret.matches("Correct horse")).isFalse();
        assertThat(secret.matches(null)).isFalse();
    }

    @Test
    void anUnsetSecretMatchesNothingSoAMisconfiguredDeploymentFailsClosed() {
        assertThat(new SharedSecret("").matches("")).isFalse();
        assertThat(new SharedSecret(null).matches("")).isFalse();
        assertThat(new SharedSecret(null).matches("anything")).isFalse();
    }

    @Test
    void neverPrintsTheSecret() {
        assertThat(new SharedSecret("hunter2")).hasToString("SharedSecret[<set>]");
    }

    @Test
    void duringARotationTheCurrentAndThePreviousSecretAreBothAccepted() {
        SharedSecret rotating = new SharedSecret("new-password", "old-password");

        assertThat(rotating.matches("new-password")).isTrue();
        assertThat(rotating.matches("old-password")).isTrue();
        assertThat(rotating.matches("older-password")).isFalse();
        assertThat(new SharedSecret("new-password", "").matches("")).isFalse();
    }
}
