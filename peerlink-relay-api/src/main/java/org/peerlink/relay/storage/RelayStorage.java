package org.peerlink.relay.storage;

import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the relay keeps: envelope queues, ack tombstones, group memberships, blobs and chunked upload
 * sessions. The relay's rules live above this interface; an implementation only stores and answers, but each
 * method is atomic on its own (concurrent callers never see half a change and conditional writes are decided
 * under the store's own serialisation).
 * <p>
 * <b>Durability.</b> Every mutating method returns only once its change is committed so that it survives the
 * process being killed right after; that is what lets the relay answer 200. Implementations are expected to
 * commit concurrent calls together (group commit) rather than one transaction per call.
 * <p>
 * <b>Expiry.</b> Methods that take {@code nowMs} treat anything whose expiry is at or before it as absent.
 * {@link #sweep(long)} deletes such rows for good.
 * <p>
 * Implementations are thread-safe. {@link StorageException} reports failures of the store itself.
 */
public interface RelayStorage extends AutoCloseable {

    /**
     * Queues each envelope unless its (to, id) is already queued (unexpired) or has an unexpired ack tombstone.
     * Envelopes within one call are decided in order, so the same (to, id) twice in one call stores once.
     *
     * @return per envelope, in order: true when stored, false when it was a duplicate
     */
    List<Boolean> enqueue(List<QueuedEnvelope> envelopes, long nowMs);

    /**
     * Up to {@code limit} unexpired envelopes of {@code to}, in the order they were first stored, and no more than
     * fit in {@code maxChars} characters of envelope text — but always the first one, however long, so that a
     * client paging through its queue never gets stuck. With a cursor that names an unexpired queued envelope of
     * {@code to}, starts after it; any other cursor starts at the beginning. {@code limit} and {@code maxChars} must
     * be positive. An envelope that does not fit is not read at all.
     */
    List<FetchedEnvelope> fetch(String to, String cursor, int limit, long maxChars, long nowMs);

    /** {@link #fetch(String, String, int, long, long)} without a size bound. */
    default List<FetchedEnvelope> fetch(String to, String cursor, int limit, long nowMs) {
        return fetch(to, cursor, limit, Long.MAX_VALUE, nowMs);
    }

    /**
     * What the queues of {@code recipients} hold, for the relay's queue quotas; a recipient whose queue is empty may
     * be left out of the map. Envelopes expired at {@code nowMs} but not swept yet may still be counted, and a change
     * made concurrently may be seen a moment late: this is asked on every store, so an implementation answers from
     * what it keeps at hand rather than by visiting the queue.
     */
    Map<String, QueueUsage> queueUsage(Collection<String> recipients, long nowMs);

    /** Removes (to, id) from the queue if present and remembers it as acked until {@code tombstoneExpiresAtMs}. */
    void ack(String to, String id, long tombstoneExpiresAtMs);

    Optional<GroupRecord> group(String groupId);

    /**
     * Creates {@code provisional} (a provisional membership) unless the group exists.
     *
     * @return the group as stored after the call: the existing one, or {@code provisional}
     */
    GroupRecord createGroupIfAbsent(GroupRecord provisional);

    /**
     * Replaces the membership with {@code members} and marks the group non-provisional, creating it if needed,
     * unless the group exists, is not provisional and has an owner other than {@code ownerPeerId}.
     */
    MembershipChange replaceMembers(String groupId, String ownerPeerId, List<String> members);

    /** Stores a whole blob unless an unexpired blob with that id exists. */
    BlobWrite putBlob(BlobMetadata metadata, byte[] bytes, long nowMs);

    /**
     * Writes one chunk of an upload session, creating the session (fixing {@code file} and {@code totalChunks}) if it
     * does not exist or has expired; a chunk written again replaces the earlier bytes. When the session exists with
     * another {@code totalChunks}, nothing is written. {@code 0 <= chunkIndex < totalChunks}.
     *
     * @param file               the file this chunk describes; only used when this call creates the session
     * @param sessionExpiresAtMs when the session is dropped if it is not completed; only used when this call
     *                           creates the session (later chunks do not extend it)
     */
    ChunkWrite putChunk(UploadKey key, UploadFile file, int chunkIndex, int totalChunks, byte[] bytes, long nowMs,
                        long sessionExpiresAtMs);

    Optional<UploadSession> upload(UploadKey key, long nowMs);

    /** The unexpired upload sessions of {@code from} ({@link UploadKey#from()}) and their bytes, for its quota. */
    UploadUsage uploadUsage(String from, long nowMs);

    /**
     * The session's bytes in chunk order, read lazily: memory use does not grow with the upload. Only valid
     * when every chunk is present; the caller closes the stream.
     * <p>
     * The stream holds the chunks as they are when it is opened. If chunks were written since {@code session}
     * was read, those are the newer bytes, and {@link #completeUpload} with {@code session} then answers
     * {@link BlobWrite#SESSION_CHANGED}: bytes verified from this stream are never materialised under another
     * revision. If the session no longer exists (completed, swept), reading fails with an IOException.
     */
    InputStream openUpload(UploadSession session);

    /**
     * Turns the session into a blob (the chunks become the blob's bytes without being copied through memory)
     * and drops the session; when an unexpired blob with that id exists it is kept and the session is dropped.
     * Nothing happens when the session's revision is no longer {@code session.revision()}.
     */
    BlobWrite completeUpload(UploadSession session, BlobMetadata metadata, long nowMs);

    Optional<StoredBlob> blob(String blobId, long nowMs);

    /**
     * The blob's bytes in order, read lazily; the caller closes the stream. Empty when the blob is gone (for
     * instance swept between {@link #blob} and this call). The stream holds the bytes as they are when it is
     * opened: a download under way reads to its end even if the blob is swept meanwhile, since its status and size
     * have already been sent.
     */
    Optional<InputStream> openBlob(String blobId);

    /**
     * What the store holds altogether; cheap enough to ask every few seconds (a scrape, the status page).
     *
     * @param nowMs the time now
     * @return totals
     */
    StoredTotals totals(long nowMs);

    /** Deletes everything that has expired at {@code nowMs}. */
    SweepResult sweep(long nowMs);

    /**
     * Waits for pending commits and releases the store's resources. A store on a database shared with other
     * stores refuses further calls and leaves closing the database (which drains its commits) to its owner.
     */
    @Override
    void close();
}
