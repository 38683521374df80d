package org.peerlink.launcher;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

import io.helidon.metrics.api.MeterRegistry;
import io.helidon.service.registry.Services;

import org.peerlink.helidon.observe.RelayMeters;
import org.peerlink.helidon.observe.ServerMeters;
import org.peerlink.helidon.observe.SignalMeters;
import org.peerlink.launcher.admin.LimitMeters;
import org.peerlink.launcher.admin.Readiness;
import org.peerlink.launcher.admin.ServerStatus;
import org.peerlink.launcher.admin.StoreMeters;
import org.peerlink.limits.TokenBucketRelayLimits;
import org.peerlink.limits.TokenBucketSignalLimits;
import org.peerlink.relay.RelayService;
import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.StorageSpace;
import org.peerlink.relay.storage.SweepResult;
import org.peerlink.signal.IdleTimeout;
import org.peerlink.signal.SignalEventLog;
import org.peerlink.signal.SignalService;
import org.peerlink.signal.SignalSettings;
import org.peerlink.store.jdbc.h2.H2Database;
import org.peerlink.store.jdbc.identity.IdentitySchema;
import org.peerlink.store.jdbc.identity.JdbcIdentityPins;
import org.peerlink.store.jdbc.relay.H2RelayStorage;
import org.peerlink.store.jdbc.signal.JdbcLastSeenLog;
import org.peerlink.store.jdbc.signal.JdbcNonceWindow;
import org.peerlink.store.jdbc.signal.SignalSchema;

/**
 * The state behind the listeners, all in the data directory: the one H2 database of the process, the relay
 * service and the signal hub's durable state (nonce window, last-seen) over it, and the sweeper that deletes
 * expired data.
 * <p>
 * This is the single owner of the database. It is opened before the listeners start and closed after they
 * stopped ({@link PeerLinkServer#close()}), so no request ever runs against a closed store.
 */
public final class ServerResources implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(ServerResources.class.getName());

    private final LauncherOptions options;
    private final H2Database database;
    private final MeterRegistry registry;
    private final ServerMeters meters;
    private final LimitMeters limitMeters;
    private final Readiness readiness;
    private StoreMeters storeMeters;
    private SignalMeters signalMeters;
    private RelayMeters relayMeters;
    private ServerStatus status;
    private RelayStorage relayStorage;
    private RelayService relayService;
    private JdbcIdentityPins pins;
    private JdbcNonceWindow nonceWindow;
    private JdbcLastSeenLog lastSeenLog;
    private SignalService signalService;
    private ExpirySweeper sweeper;
    private boolean closed;

    private ServerResources(LauncherOptions options, H2Database database, Readiness readiness) {
        this.options = options;
        this.database = database;
        // Helidon's one registry of the process, the one its system meters are in; ServerMeters takes this
        // server's meters out of it again on close
        this.registry = Services.get(MeterRegistry.class);
        this.meters = new ServerMeters(registry);
        this.limitMeters = new LimitMeters(meters);
        this.readiness = readiness;
    }

    /**
     * Open the database in {@code dataDir} and build the services over it. The relay's storage exists only
     * when the relay runs; the database always does (the signal service keeps its state there too).
     *
     * @param options launcher options
     * @param dataDir prepared data directory ({@link DataDirectory#prepare(Path)})
     * @return open resources; the caller closes them
     * @throws StartupException if the database cannot be opened, e.g. another process uses the directory
     */
    public static ServerResources open(LauncherOptions options, Path dataDir) throws StartupException {
        H2Database database;
        try {
            database = H2Database.open(dataDir);
        } catch (RuntimeException e) {
            throw new StartupException(oneLine(e), e);
        }
        ServerResources resources;
        try {
            resources = new ServerResources(options, database, new Readiness(StorageSpace.of(dataDir),
                    options.relay().quotas().minFreeDiskBytes()));
        } catch (IOException | RuntimeException e) {
            database.close();
            throw new StartupException("cannot read the free space of " + dataDir + ": " + oneLine(e), e);
        }
        try {
            IdentitySchema.migrate(database.dataSource());
            resources.pins = new JdbcIdentityPins(database.dataSource(), database.writer());
        } catch (SQLException | RuntimeException e) {
            resources.close();
            throw new StartupException("cannot open the identity pins in " + dataDir + ": " + oneLine(e), e);
        }
        if (options.runs(ServiceName.RELAY)) {
            try {
                resources.relayStorage = new H2RelayStorage(database);
                resources.relayService = RelayService.builder(resources.relayStorage)
                        .settings(options.relay())
                        .pins(resources.pins)
                        .limits(new TokenBucketRelayLimits(options.rateLimits(), resources.limitMeters))
                        .storageSpace(StorageSpace.of(dataDir))
                        .events(resources.relayMeters = new RelayMeters(resources.meters))
                        .build();
            } catch (IOException | RuntimeException e) {
                resources.close();
                throw new StartupException("cannot open the relay store in " + dataDir + ": " + oneLine(e), e);
            }
        }
        if (options.runs(ServiceName.SIGNAL)) {
            try {
                resources.openSignalState();
            } catch (SQLException | RuntimeException e) {
                resources.close();
                throw new StartupException("cannot open the signal state in " + dataDir + ": " + oneLine(e), e);
            }
        }
        resources.storeMeters = new StoreMeters(resources.meters, Optional.ofNullable(resources.relayStorage),
                resources.pins);
        database.writer().listen(resources.storeMeters.andThen(resources.readiness));
        resources.status = new ServerStatus(Optional.ofNullable(resources.signalMeters),
                Optional.ofNullable(resources.relayMeters), resources.storeMeters, resources.readiness,
                database.directory());
        return resources;
    }

    /**
     * The register nonce window and last-seen times live in the database, so a restart keeps them; so do the
     * identity pins, which the relay shares (a peerId pinned by a register is pinned for relay writes too).
     */
    private void openSignalState() throws SQLException {
        SignalSchema.migrate(database.dataSource());
        SignalSettings settings = SignalSettings.defaults()
                .withIdleTimeout(new IdleTimeout(options.wsIdleTimeout()))
                .withAllowedOrigins(options.wsAllowedOrigins())
                .withCaps(options.signalCaps());
        nonceWindow = new JdbcNonceWindow(database.dataSource(), database.dialect(), database.writer(),
                settings.nonceWindow());
        lastSeenLog = new JdbcLastSeenLog(database.dataSource(), database.writer());
        signalMeters = new SignalMeters(meters);
        signalService = SignalService.builder()
                .settings(settings)
                .nonces(nonceWindow)
                .lastSeen(lastSeenLog)
                .pins(pins)
                .limits(new TokenBucketSignalLimits(options.rateLimits(), limitMeters))
                .events(signalMeters.andThen(new SignalEventLog()))
                .build();
    }

    /**
     * The relay service.
     *
     * @return the relay service, empty unless the relay runs
     */
    public Optional<RelayService> relayService() {
        return Optional.ofNullable(relayService);
    }

    /**
     * The signal service.
     *
     * @return the service, empty unless it runs
     */
    public Optional<SignalService> signalService() {
        return Optional.ofNullable(signalService);
    }

    /**
     * The meter registry the admin listener shows.
     *
     * @return Helidon's registry, with this server's meters in it
     */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Readiness: the database, the disk, the drain.
     *
     * @return the readiness checks
     */
    public Readiness readiness() {
        return readiness;
    }

    /**
     * The store's meters and totals.
     *
     * @return the store meters
     */
    public StoreMeters storeMeters() {
        return storeMeters;
    }

    /**
     * The relay's request meters.
     *
     * @return the meters, empty unless the relay runs
     */
    public Optional<RelayMeters> relayMeters() {
        return Optional.ofNullable(relayMeters);
    }

    /**
     * The status page's numbers.
     *
     * @return the status
     */
    public ServerStatus status() {
        return status;
    }

    /**
     * The one database, for an online backup.
     *
     * @return the open database
     */
    public H2Database database() {
        return database;
    }

    /**
     * The signal service's meters.
     *
     * @return the meters, empty unless the signal service runs
     */
    public Optional<SignalMeters> signalMeters() {
        return Optional.ofNullable(signalMeters);
    }

    /**
     * Start deleting expired relay data and register nonces every {@link LauncherOptions#sweepInterval()}.
     * Called once the listeners are up.
     */
    public synchronized void startSweeper() {
        if (sweeper == null && !closed) {
            sweeper = ExpirySweeper.start(this::sweep, options.sweepInterval());
        }
    }

    private SweepResult sweep() {
        long now = System.currentTimeMillis();
        if (nonceWindow != null) {
            nonceWindow.sweep(now);
        }
        if (!options.pinExpiry().isZero()) {
            int released = pins.expireUnusedSince(now - options.pinExpiry().toMillis());
            if (released > 0) {
                LOGGER.log(Level.INFO, "released {0} identity pins unused for {1}", released, options.pinExpiry());
            }
        }
        return relayService == null ? new SweepResult(0, 0, 0, 0) : relayService.sweep();
    }

    /**
     * Stop the sweeper (waiting for a sweep in progress); the first step of a shutdown.
     */
    public synchronized void stopSweeper() {
        if (sweeper != null) {
            sweeper.close();
        }
    }

    /**
     * Stop the sweeper, then close the signal state, the relay storage and the database. Call after the listeners stopped.
     * Idempotent; never throws.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopSweeper();
        if (status != null) {
            status.close();
        }
        // Failures are logged, not thrown: this runs on shutdown paths, where the next step must still happen
        // and an exception would only hide the error that caused the shutdown.
        if (signalService != null) {
            signalService.close();
        }
        if (lastSeenLog != null) {
            lastSeenLog.close(); // writes what is queued while the database is still open
        }
        if (relayStorage != null) {
            try {
                relayStorage.close();
            } catch (RuntimeException e) {
                LOGGER.log(Level.ERROR, "closing the relay store failed", e);
            }
        }
        try {
            database.close();
        } catch (RuntimeException e) {
            LOGGER.log(Level.ERROR, "closing the database failed", e);
        }
        meters.close();
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
