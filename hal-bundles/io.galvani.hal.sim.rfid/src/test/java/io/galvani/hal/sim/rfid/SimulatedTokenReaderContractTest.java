package io.galvani.hal.sim.rfid;

import java.util.Map;

import io.galvani.hal.api.TokenListener;
import io.galvani.hal.api.TokenReader;
import io.galvani.hal.contract.TokenReaderContract;
import io.galvani.hal.sim.testing.Configs;

/** The simulated reader on its own thread against the HAL token-reader contract. */
class SimulatedTokenReaderContractTest extends TokenReaderContract {

    @Override
    protected Harness createHarness() {
        SimulatedTokenReader reader = new SimulatedTokenReader(
                Configs.of(SimulatedTokenReader.Config.class, Map.of("hal_evse_id", 1)));
        return new Harness() {
            @Override
            public TokenReader reader() {
                return reader;
            }

            @Override
            public int evseId() {
                return 1;
            }

            @Override
            public void addListener(TokenListener listener) {
                reader.addListener(listener);
            }

            @Override
            public void removeListener(TokenListener listener) {
                reader.removeListener(listener);
            }

            @Override
            public void presentCard(String idToken) {
                reader.present(idToken, "ISO14443", 1);
            }

            @Override
            public void close() {
                reader.deactivate();
            }
        };
    }
}
