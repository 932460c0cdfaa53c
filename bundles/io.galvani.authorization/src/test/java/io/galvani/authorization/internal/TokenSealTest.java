package io.galvani.authorization.internal;

import static io.galvani.authorization.internal.TestStation.card;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.galvani.ocpp.model.types.AuthorizationStatusEnumType;
import io.galvani.ocpp.model.types.IdTokenEnumType;
import io.galvani.ocpp.model.types.IdTokenInfoType;
import io.galvani.ocpp.model.types.IdTokenType;

/** C10.FR.12: the cache keys on a keyed hash of the token and seals its idTokenInfo with the token. */
class TokenSealTest {
    private final TokenSeal seal = TokenSeal.withRandomSalt();
    private final IdTokenType card = card("04A2B3C4D5E6F7");
    private final IdTokenInfoType info = IdTokenInfoType.of(AuthorizationStatusEnumType.Accepted)
            .withGroupIdToken(card("GROUP-1"));

    @Test
    void theIdIsStableForAStationButDiffersBetweenStations() {
        assertThat(seal.id(card)).isEqualTo(seal.id(card("04A2B3C4D5E6F7"))).hasSize(43).doesNotContain("04A2");
        assertThat(new TokenSeal(seal.salt()).id(card)).isEqualTo(seal.id(card));
        assertThat(TokenSeal.withRandomSalt().id(card)).isNotEqualTo(seal.id(card));
    }

    @Test
    void tokensAreCaseInsensitiveButTheTypeCounts() {
        assertThat(seal.id(card("04a2b3c4d5e6f7"))).isEqualTo(seal.id(card));
        assertThat(seal.id(IdTokenType.of("04A2B3C4D5E6F7", IdTokenEnumType.KeyCode))).isNotEqualTo(seal.id(card));
        assertThat(seal.id(card("04A2B3C4D5E6F8"))).isNotEqualTo(seal.id(card));
    }

    @Test
    void onlyTheTokenOpensItsInfo() {
        String id = seal.id(card);
        String sealed = seal.seal(card, id, info);

        assertThat(seal.open(card, id, sealed)).contains(info);
        assertThat(seal.open(card("04a2b3c4d5e6f7"), id, sealed)).as("same token, other case").contains(info);
        assertThat(seal.open(card("04A2B3C4D5E6F8"), id, sealed)).isEmpty();
        assertThat(TokenSeal.withRandomSalt().open(card, id, sealed)).as("another station's salt").isEmpty();
        assertThat(seal.open(card, seal.id(card("OTHER-ENTRY-1")), sealed)).as("bound to its entry").isEmpty();
        assertThat(sealed).doesNotContain("GROUP-1");
        assertThat(seal.seal(card, id, info)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void damagedDataOpensToNothing() {
        String id = seal.id(card);
        String sealed = seal.seal(card, id, info);

        assertThat(seal.open(card, id, "not base64 !")).isEmpty();
        assertThat(seal.open(card, id, "AAAA")).isEmpty();
        assertThat(seal.open(card, id, sealed.substring(0, sealed.length() - 4))).isEmpty();
    }

    @Test
    void aSaltHasThirtyTwoBytes() {
        assertThatThrownBy(() -> new TokenSeal(new byte[16])).isInstanceOf(IllegalArgumentException.class);
        assertThat(TokenSeal.withRandomSalt().salt()).hasSize(32);
    }
}
