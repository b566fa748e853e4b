package io.cardledger.testing.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The reference model of the operations the integrator records (DESIGN.md section 3, last
 * paragraph; titles as the ledger answers them), written independently of the ledger's code:
 * wallets with a currency, the available balance their operations have moved, and the operation ids
 * they have recorded. A card's effect on available is added by the caller, since it depends on which
 * notifications have arrived ({@link Story#effectOf}).
 *
 * <p>The rules, in the order they are checked:
 * <ul>
 *   <li>a transfer names two different wallets, else "Source and target wallet are the same";</li>
 *   <li>every wallet named is registered, else "Wallet not found" (a transfer's target is looked at first);</li>
 *   <li>a transfer is in the target's currency, else "currency code does not match target walletId";</li>
 *   <li>an operation id the wallet already recorded for the same operation (kind, wallets, amount,
 *       currency) records nothing again and is answered as a success (idempotency; a refused operation
 *       recorded nothing, so its retry is decided afresh); recorded for a different operation, it is
 *       refused with "Operation id already used for another operation" and moves nothing;</li>
 *   <li>the operation is in the wallet's currency, else "currency code does not match walletId";</li>
 *   <li>a pay-out or transfer needs available &ge; amount (the withheld balance does not count), else
 *       "Wallet does not have sufficient funds", judged on the balance at the moment it is applied;</li>
 *   <li>a transfer moves the amount out of one wallet and into the other, both or neither: the id is
 *       checked on the target too, after the source's checks.</li>
 * </ul>
 */
public final class ReferenceWallets {
    public static final String SAME_WALLET = "Source and target wallet are the same";
    public static final String NOT_FOUND = "Wallet not found";
    public static final String TARGET_CURRENCY = "currency code does not match target walletId";
    public static final String CURRENCY = "currency code does not match walletId";
    public static final String INSUFFICIENT_FUNDS = "Wallet does not have sufficient funds";
    public static final String ID_REUSED = "Operation id already used for another operation";

    private static final class Account {
        final String currency;
        long availableFromOperations;
        /** Operation id to the operation recorded under it. */
        final Map<String, Operation> operations = new HashMap<>();

        /** null: not recorded; "" : this very operation was recorded (a retry); else the refusal's title. */
        String recorded(Operation op) {
            Operation earlier = operations.get(op.id());
            if (earlier == null) {
                return null;
            }
            return sameTerms(earlier, op) ? "" : ID_REUSED;
        }

        Account(String currency) {
            this.currency = currency;
        }
    }

    /** What the wallets' own operations have done to available; the card's effect is the caller's. */
    public interface CardEffect {
        long availableOf(String walletId);
    }

    private final Map<String, Account> accounts = new LinkedHashMap<>();

    public void register(String walletId, String currency) {
        accounts.putIfAbsent(walletId, new Account(currency));
    }

    /** Available of a registered wallet given the card effect on it now; 0 for an unknown wallet. */
    public long available(String walletId, CardEffect card) {
        Account a = accounts.get(walletId);
        return a == null ? 0 : a.availableFromOperations + card.availableOf(walletId);
    }

    public long availableFromOperations(String walletId) {
        return accounts.get(walletId).availableFromOperations;
    }

    public Set<String> walletIds() {
        return accounts.keySet();
    }

    /** Applies the operation; returns the refusal's title, or null when it is recorded or was recorded before. */
    public String apply(Operation op, CardEffect card) {
        return switch (op.kind()) {
            case PAY_IN -> payIn(op);
            case PAY_OUT -> payOut(op, card);
            case TRANSFER -> transfer(op, card);
        };
    }

    private String payIn(Operation op) {
        Account to = accounts.get(op.walletTo());
        if (to == null) {
            return NOT_FOUND;
        }
        String recorded = to.recorded(op);
        if (recorded != null) {
            return recorded.isEmpty() ? null : recorded;
        }
        if (!to.currency.equals(op.currency())) {
            return CURRENCY;
        }
        to.availableFromOperations = Math.addExact(to.availableFromOperations, op.amountMinor());
        to.operations.put(op.id(), op);
        return null;
    }

    private String payOut(Operation op, CardEffect card) {
        Account from = accounts.get(op.walletFrom());
        if (from == null) {
            return NOT_FOUND;
        }
        String refusal = debitRefusal(from, op, card);
        if (refusal != null) {
            return refusal.isEmpty() ? null : refusal;
        }
        from.availableFromOperations = Math.subtractExact(from.availableFromOperations, op.amountMinor());
        from.operations.put(op.id(), op);
        return null;
    }

    /** The paying wallet's checks, in order: null to go on, "" for a retry already recorded, else the refusal. */
    private String debitRefusal(Account from, Operation op, CardEffect card) {
        String recorded = from.recorded(op);
        if (recorded != null) {
            return recorded;
        }
        if (!from.currency.equals(op.currency())) {
            return CURRENCY;
        }
        if (available(op.walletFrom(), card) < op.amountMinor()) {
            return INSUFFICIENT_FUNDS;
        }
        return null;
    }

    private String transfer(Operation op, CardEffect card) {
        if (op.walletFrom().equals(op.walletTo())) {
            return SAME_WALLET;
        }
        Account to = accounts.get(op.walletTo());
        if (to == null) {
            return NOT_FOUND;
        }
        if (!to.currency.equals(op.currency())) {
            return TARGET_CURRENCY;
        }
        Account from = accounts.get(op.walletFrom());
        if (from == null) {
            return NOT_FOUND;
        }
        String refusal = debitRefusal(from, op, card);
        if (refusal != null) {
            // A retry was recorded on both sides at once, so the target has it too.
            return refusal.isEmpty() ? null : refusal;
        }
        if (to.recorded(op) != null) {
            // The source never recorded this id, so the target's record of it is another operation.
            return ID_REUSED;
        }
        from.availableFromOperations = Math.subtractExact(from.availableFromOperations, op.amountMinor());
        from.operations.put(op.id(), op);
        to.availableFromOperations = Math.addExact(to.availableFromOperations, op.amountMinor());
        to.operations.put(op.id(), op);
        return null;
    }

    /** The same operation: what it moves, between which wallets, in which currency (not its statement or timing). */
    private static boolean sameTerms(Operation a, Operation b) {
        return a.kind() == b.kind() && Objects.equals(a.walletFrom(), b.walletFrom())
                && Objects.equals(a.walletTo(), b.walletTo()) && a.amountMinor() == b.amountMinor()
                && a.currency().equals(b.currency());
    }
}
