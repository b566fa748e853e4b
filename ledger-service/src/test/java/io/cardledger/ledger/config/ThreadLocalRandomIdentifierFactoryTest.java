package io.cardledger.ledger.config;

import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadLocalRandomIdentifierFactoryTest {

    @Test
    void axonFindsItAndItsMessagesCarryItsIds() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(ThreadLocalRandomIdentifierFactory.class);
        UUID id = UUID.fromString(GenericEventMessage.asEventMessage("payload").getIdentifier());
        assertThat(id.version()).isEqualTo(4);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void idsAreVersion4UuidsAndDistinctAcrossThreads() throws InterruptedException {
        IdentifierFactory factory = new ThreadLocalRandomIdentifierFactory();
        List<List<String>> drawn = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            List<String> ids = new ArrayList<>();
            drawn.add(ids);
            threads.add(new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    ids.add(factory.generateIdentifier());
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        Set<String> distinct = new HashSet<>();
        for (List<String> ids : drawn) {
            assertThat(ids).hasSize(50_000);
            for (String id : ids) {
                UUID uuid = UUID.fromString(id);
                assertThat(uuid.version()).isEqualTo(4);
                assertThat(uuid.variant()).isEqualTo(2);
                assertThat(uuid.toString()).isEqualTo(id);
                distinct.add(id);
            }
        }
        assertThat(distinct).hasSize(200_000);
    }
}
