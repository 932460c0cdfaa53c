package io.galvani.paxexam;

/** Copied into a rewritten driver jar by {@link FirmwareSteps}: a DS component whose activate method fails. */
public final class ThrowingComponent {

    public void activate() {
        throw new IllegalStateException("this component fails to activate on purpose");
    }
}
