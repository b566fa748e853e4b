package io.cardledger.projection.read.kyc;

import io.cardledger.events.kyc.KycStatusReported;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A poll's KYC reports: all of them for the history, and per user the one received last for the
 * current status. The issuer's webhooks can be retried out of order, so "last" is by receivedAt,
 * not by arrival; the database applies the same rule against what it already holds.
 */
final class KycReports {
    private final List<KycStatusReported> all = new ArrayList<>();
    private final Map<String, KycStatusReported> latest = new LinkedHashMap<>();

    void add(KycStatusReported report) {
        if (report.userId() == null || report.userId().isBlank() || report.receivedAt() == null || report.status() == null) {
            throw new IllegalArgumentException("KYC report without userId, status or receivedAt");
        }
        all.add(report);
        latest.merge(report.userId(), report, (a, b) -> b.receivedAt().isBefore(a.receivedAt()) ? a : b);
    }

    List<KycStatusReported> all() {
        return all;
    }

    Collection<KycStatusReported> latestPerUser() {
        return latest.values();
    }
}
