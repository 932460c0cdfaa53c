package com.example.galvani.rfid.tcp;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.galvani.hal.api.TokenListener;
import io.galvani.hal.api.TokenReader;
import io.galvani.hal.contract.TokenReaderContract;

/** The driver against a fake reader on loopback, held to the HAL token-reader contract. */
class TcpRfidReaderContractTest extends TokenReaderContract {

    @Override
    protected Harness createHarness() throws IOException {
        ReaderBench bench = new ReaderBench();
        TcpRfidReader reader = new TcpRfidReader(TcpRfidReaderTest.settings(bench.port()), System::nanoTime);
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
                bench.sendLine(idToken);
            }

            @Override
            public boolean canDisconnect() {
                return true;
            }

            @Override
            public void disconnectDevice() {
                bench.unplug();
            }

            @Override
            public void reconnectDevice() {
                try {
                    bench.plugIn();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void close() {
                reader.deactivate();
                bench.close();
            }
        };
    }
}
