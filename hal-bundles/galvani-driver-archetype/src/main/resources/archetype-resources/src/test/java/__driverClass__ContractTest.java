package ${package};

import java.util.Map;

import io.galvani.hal.api.TokenListener;
import io.galvani.hal.api.TokenReader;
import io.galvani.hal.contract.TokenReaderContract;
import io.galvani.hal.sim.testing.Configs;

/**
 * The driver held to the HAL token-reader contract. The bench plays the device through the driver's I/O entry
 * points; once the driver talks to a real protocol, let the bench play the device on that protocol instead
 * (e.g. a TCP server on loopback), so that the contract covers your I/O code too.
 */
class ${driverClass}ContractTest extends TokenReaderContract {

    @Override
    protected Harness createHarness() {
        ${driverClass} reader = new ${driverClass}(Configs.of(${driverClass}.Config.class,
                Map.of("hal_evse_id", 1, "address", "bench")));
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
                reader.cardRead(idToken);
            }

            @Override
            public boolean canDisconnect() {
                return true;
            }

            @Override
            public void disconnectDevice() {
                reader.deviceOffline("unplugged on the bench");
            }

            @Override
            public void reconnectDevice() {
                reader.deviceOnline();
            }

            @Override
            public void close() {
                reader.deactivate();
            }
        };
    }
}
