package io.galvani.hal.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Whiteboard service told about presented tokens. See the package contract for threading. */
@ConsumerType
public interface TokenListener {

    void tokenPresented(TokenReader reader, PresentedToken token);
}
