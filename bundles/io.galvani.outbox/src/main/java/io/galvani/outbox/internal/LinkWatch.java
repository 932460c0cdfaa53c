package io.galvani.outbox.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.galvani.ocpp.api.LinkStatus;
import io.galvani.ocpp.api.OcppConnectionListener;

/** The bundle's one {@link OcppConnectionListener}; references nothing, so it closes no cycle. */
@Component(service = { OcppConnectionListener.class, LinkSignal.class })
public final class LinkWatch implements OcppConnectionListener, LinkSignal {
    private static final Logger logger = LoggerFactory.getLogger(LinkWatch.class);

    private final List<Runnable> observers = new CopyOnWriteArrayList<>();

    @Override
    public void connected(LinkStatus status) {
        for (Runnable observer : observers) {
            try {
                observer.run();
            } catch (RuntimeException e) {
                logger.error("Connection observer failed", e);
            }
        }
    }

    @Override
    public void disconnected(LinkStatus status) {
        // The outstanding CALL fails with OcppConnectionException; that is what the outbox acts on.
    }

    @Override
    public AutoCloseable subscribe(Runnable onConnected) {
        observers.add(onConnected);
        return () -> observers.remove(onConnected);
    }
}
