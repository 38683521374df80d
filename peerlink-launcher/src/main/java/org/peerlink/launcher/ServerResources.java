package org.peerlink.launcher;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;

import org.peerlink.relay.RelayService;
import org.peerlink.relay.storage.RelayStorage;
import org.peerlink.relay.storage.h2.H2Database;
import org.peerlink.relay.storage.h2.H2RelayStorage;

/**
 * The state behind the listeners, all in the data directory: the one H2 database of the process, the relay
 * service over it and the sweeper that deletes expired relay data.
 * <p>
 * This is the single owner of the database. It is opened before the listeners start and closed after they
 * stopped ({@link PeerLinkServer#close()}), so no request ever runs against a closed store.
 */
public final class ServerResources implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(ServerResources.class.getName());

    private final LauncherOptions options;
    private final H2Database database;
    private final RelayStorage relayStorage;
    private final RelayService relayService;
    private ExpirySweeper sweeper;
    private boolean closed;

    private ServerResources(LauncherOptions options, H2Database database, RelayStorage relayStorage,
                            RelayService relayService) {
        this.options = options;
        this.database = database;
        this.relayStorage = relayStorage;
        this.relayService = relayService;
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
        if (!options.runs(ServiceName.RELAY)) {
            return new ServerResources(options, database, null, null);
        }
        try {
            RelayStorage storage = new H2RelayStorage(database);
            RelayService relay = new RelayService(storage, options.relay(), InstantSource.system());
            return new ServerResources(options, database, storage, relay);
        } catch (RuntimeException e) {
            database.close();
            throw new StartupException("cannot open the relay store in " + dataDir + ": " + oneLine(e), e);
        }
    }

    /**
     * The process's database, for services that keep state in it.
     *
     * @return the open database
     */
    public H2Database database() {
        return database;
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
     * Start deleting expired relay data every {@link LauncherOptions#sweepInterval()}; nothing to do without
     * the relay. Called once the listeners are up.
     */
    public synchronized void startSweeper() {
        if (relayService != null && sweeper == null && !closed) {
            sweeper = ExpirySweeper.start(relayService::sweep, options.sweepInterval());
        }
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
     * Stop the sweeper, then close the relay storage and the database. Call after the listeners stopped.
     * Idempotent; never throws.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopSweeper();
        // Failures are logged, not thrown: this runs on shutdown paths, where the next step must still happen
        // and an exception would only hide the error that caused the shutdown.
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
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }
}
