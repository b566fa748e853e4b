package io.cardledger.ledger.web;

/** Example bodies of the OpenAPI document (issue 21's endpoints): problem+json answers as the ledger writes them. */
final class ApiDocs {
    static final String PROBLEM = "application/problem+json";
    static final String CARD_NOT_FOUND = """
            {"type":"https://cardledger.io/problems/card-not-found","title":"card not found","status":422,
            "detail":"No card c-9 is registered","instance":"/api/v1/cards/c-9/block"}""";
    static final String CARD_CANCELLED = """
            {"type":"https://cardledger.io/problems/card-cancelled","title":"Card is cancelled","status":409,
            "detail":"Card c-1 is cancelled for good and cannot be unblocked","instance":"/api/v1/cards/c-1/unblock"}""";
    static final String INVALID = """
            {"type":"https://cardledger.io/problems/invalid-request","title":"Invalid request","status":400,
            "detail":"limit must be greater than or equal to 0","instance":"/api/v1/cards/c-1/limit"}""";
    static final String TRANSACTION_NOT_FOUND = """
            {"type":"https://cardledger.io/problems/transaction-not-found","title":"Transaction not found","status":404,
            "detail":"Card c-1 has no transaction with c11 000004339","instance":"/api/v1/cards/c-1/chargebacks"}""";
    static final String NOTIFICATION_NOT_FOUND = """
            {"type":"https://cardledger.io/problems/notification-not-found","title":"Notification not found","status":404,
            "detail":"Card c-1 has no notification n-1 applied, waiting or parked","instance":"/api/v1/cards/c-1/notifications/n-1"}""";
    static final String CURRENCY = """
            {"type":"https://cardledger.io/problems/currency-mismatch","title":"currency code does not match walletId",
            "status":422,"detail":"Wallet w-1 holds USD, the operation is in EUR","instance":"/api/v1/credit-payments"}""";
    static final String NOT_CREDIT = """
            {"type":"https://cardledger.io/problems/not-a-credit-wallet","title":"Wallet is not a credit wallet","status":422,
            "detail":"Wallet w-2 has no credit line","instance":"/api/v1/wallet-credits/w-2"}""";
    static final String OPERATION_CONFLICT = """
            {"type":"https://cardledger.io/problems/operation-conflict","title":"Operation id already used for another operation",
            "status":409,"detail":"Operation pay-1 was recorded on wallet w-1 as ...","instance":"/api/v1/credit-payments"}""";
    static final String WALLET_NOT_FOUND = """
            {"type":"https://cardledger.io/problems/wallet-not-found","title":"Wallet not found","status":404,
            "detail":"No wallet w-9 is registered","instance":"/api/v1/wallet-credits/w-9"}""";
    static final String CARD = """
            {"cardId":"c-1","walletId":"w-1","userId":"u-1","product":"credit","physical":false,"issuer":"paycaddy",
            "status":"BLOCKED","isActive":false,"monthlyLimit":150000,"spentThisMonth":1617,"month":"2026-12",
            "registeredAt":"2026-12-01T10:00:00Z"}""";
    static final String CREDIT = """
            {"walletId":"w-1","userId":"u-1","currency":"USD","status":"ACTIVE","isActive":true,"limit":50000,"used":20000,
            "available":30000,"withheld":0,"time":30,"termStart":"2026-12-01T10:00:00Z","termEndsAt":"2026-12-31T10:00:00Z",
            "pastTerm":false,"overLimit":false,"interestRecorded":700}""";
    static final String CHARGEBACK = """
            {"cardId":"c-1","transactionId":"000004339","isChargeBack":true,"chargeBackStatus":"Won","outcome":"WON",
            "credited":1617,"requestedAt":"2026-12-02T09:00:00Z","lastReportAt":"2026-12-05T16:00:00Z"}""";
    static final String NOTIFICATION = """
            {"notificationId":"n-0236a0a1f6775e8b7a040e11a06962d7","cardId":"c-1","transactionId":"000004339",
            "notificationType":"PeticionAutorizacion","state":"APPLIED","received":true,"applied":true,"parked":false,
            "awaitingCard":false,"reversalParked":false,"movements":[{"movementId":"n-0236a0a1f6775e8b7a040e11a06962d7",
            "availableDelta":-1617,"withheldDelta":1617,"authorizationStatus":"PENDING","flags":["CARD_BLOCKED"],
            "rulebook":"1.1","recordedAt":"2026-12-06T03:00:00Z"}],"parkedRecord":null}""";

    private ApiDocs() {
    }
}
