package io.galvani.authorization.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of PID {@value #PID}. The attributes named after a variable are that device-model
 * variable of AuthCtrlr or AuthCacheCtrlr ({@link AuthorizationVariables}): SetVariables writes them here
 * and {@link AuthorizationService} applies them live, so these defaults are the defaults the device model
 * reports. The last two are Galvani settings the CSMS does not see.
 *
 * <p>Defaults are those of a public DC charger: authorization on, remote starts trusted (the reference
 * product's PICS C-48.2), cached cards accepted while offline, unknown cards refused while offline, a
 * cache that asks the CSMS anyway when online (LocalPreAuthorize false) and forgets a card a day after
 * its last use.
 */
@ObjectClassDefinition(name = "Galvani authorization",
        description = "Authorization of idTokens (AuthCtrlr) and the Authorization Cache (AuthCacheCtrlr)")
public @interface AuthorizationConfig {
    /** Our configuration PID, also where the device model keeps AuthCtrlr and AuthCacheCtrlr. */
    String PID = "io.galvani.authorization";

    @AttributeDefinition(description = "AuthCtrlr.Enabled: idTokens are authorized before charging; false = every "
            + "token is accepted without asking anybody")
    boolean authEnabled() default true;

    @AttributeDefinition(description = "AuthCtrlr.AuthorizeRemoteStart: the idToken of a RequestStartTransaction is "
            + "authorized like a card presented at the station")
    boolean authorizeRemoteStart() default false;

    @AttributeDefinition(description = "AuthCtrlr.LocalAuthorizeOffline: while offline, idTokens the Authorization "
            + "Cache holds as Accepted may charge")
    boolean localAuthorizeOffline() default true;

    @AttributeDefinition(description = "AuthCtrlr.LocalPreAuthorize: while online, idTokens the Authorization Cache "
            + "holds as Accepted may charge without asking the CSMS")
    boolean localPreAuthorize() default false;

    @AttributeDefinition(description = "AuthCtrlr.OfflineTxForUnknownIdEnabled: while offline, idTokens the station "
            + "does not know may charge")
    boolean offlineTxForUnknownIdEnabled() default false;

    @AttributeDefinition(description = "AuthCtrlr.DisableRemoteAuthorization: never send AuthorizeRequest; only the "
            + "Authorization Cache decides")
    boolean disableRemoteAuthorization() default false;

    @AttributeDefinition(description = "AuthCacheCtrlr.Enabled: the Authorization Cache is used and updated; "
            + "switching it off keeps its content")
    boolean cacheEnabled() default true;

    @AttributeDefinition(description = "AuthCacheCtrlr.LifeTime: seconds after its last use until a cache entry "
            + "without cacheExpiryDateTime expires; 0 = at once", min = "0")
    int cacheLifeTimeSeconds() default 86_400;

    @AttributeDefinition(description = "AuthCacheCtrlr.Policy: which entry makes room when the cache is full",
            options = {
                @Option(label = "Least recently used", value = "LRU"),
                @Option(label = "Least frequently used", value = "LFU"),
                @Option(label = "First in, first out", value = "FIFO"),
                @Option(label = "Entries other than Accepted first, then least recently used (C10.FR.07)",
                        value = "CUSTOM") })
    String cachePolicy() default "LRU";

    @AttributeDefinition(description = "AuthCacheCtrlr.DisablePostAuthorize: while online, an idToken cached with a "
            + "status other than Accepted is refused without asking the CSMS again")
    boolean cacheDisablePostAuthorize() default false;

    @AttributeDefinition(description = "Most bytes the Authorization Cache may take on disk (maxLimit of "
            + "AuthCacheCtrlr.Storage); read when the bundle starts", min = "2048")
    int cacheStorageMaxBytes() default 131_072;

    @AttributeDefinition(description = "Seconds to wait for an AuthorizeResponse before deciding by the offline "
            + "rules", min = "1")
    int authorizeTimeoutSeconds() default 20;
}
