package io.cardledger.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cardledger.events.json.JsonLimits;
import io.cardledger.events.text.TextSafety;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextSafetyTest {
    @Test
    void idsAreOneTo64CharactersWithoutControlCharacters() {
        assertThat(TextSafety.isValidId("w-1")).isTrue();
        assertThat(TextSafety.isValidId("ü".repeat(64))).isTrue();
        assertThat(TextSafety.isValidId("\uD83D\uDE00".repeat(64))).isTrue();
        assertThat(TextSafety.isValidId("")).isFalse();
        assertThat(TextSafety.isValidId(null)).isFalse();
        assertThat(TextSafety.isValidId("x".repeat(65))).isFalse();
        assertThat(TextSafety.isValidId("a\u0000b")).isFalse();
        assertThat(TextSafety.isValidId("a\tb")).isFalse();
        assertThat(TextSafety.isValidId("a\u007Fb")).isFalse();
        assertThat(TextSafety.isValidId("a\u0085b")).isFalse();
    }

    @Test
    void controlCharactersExceptTabAndNewlinesBecomeTheReplacementCharacter() {
        assertThat(TextSafety.clean("a\u0000b\u001Fc\u007Fd\te\nf\rg")).isEqualTo("a\uFFFDb\uFFFDc\uFFFDd\te\nf\rg");
        String plain = "BULEVAR CAFE ñ €";
        assertThat(TextSafety.clean(plain)).isSameAs(plain);
        assertThat(TextSafety.clean(null)).isNull();
    }

    @Test
    void theCleaningModuleCleansEveryStringItReads() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(TextSafety.cleaningModule());
        record Line(String merchant, java.util.List<String> tags) {
        }
        Line line = json.readValue("{\"merchant\":\"A\\u0000B\",\"tags\":[\"x\\u0001\"]}", Line.class);
        assertThat(line.merchant()).isEqualTo("A\uFFFDB");
        assertThat(line.tags()).containsExactly("x\uFFFD");
    }

    @Test
    void serviceReadersRefuseDeepNestingAndHugeNumbers() {
        ObjectMapper json = JsonLimits.service(new ObjectMapper());
        assertThatThrownBy(() -> json.readTree("[".repeat(65) + "]".repeat(65)))
                .hasMessageContaining("nesting depth");
        assertThatThrownBy(() -> json.readTree("1" + "0".repeat(100))).hasMessageContaining("Number value length");
    }
}
