package io.galvani.outbox.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which {@link io.galvani.outbox.api.MessageKind#DROPPABLE} messages a full store drops (J02.FR.13):
 * intermediate ones first, the 1st, 3rd, 5th… of a pass over the droppable messages from the oldest
 * on, never "from the start" or "the newest". A pass covers the droppable messages that existed when
 * it began; it goes on across commits (one message dropped per message added once the store is full),
 * so that thinning is spread evenly over the queue; when it reaches its end, the next pass starts
 * again at the oldest survivor. The position is kept in memory only: after a restart a new pass
 * begins, which is still every other message.
 *
 * <p>Not thread-safe: used under the store's lock.
 */
final class Thinning {

    /** The droppable messages, as the store sees them inside the open transaction. */
    interface Candidates {
        /** Up to {@code limit} droppable ids greater than {@code after} and at most {@code upTo}, ascending. */
        List<Long> after(long after, long upTo, int limit) throws SQLException;

        /** The newest droppable id, or 0 if there is none. */
        long newest() throws SQLException;

        /** Deletes message {@code id} in the open transaction. */
        void drop(long id) throws SQLException;
    }

    /** What a thinning dropped and where the pass stands afterwards. */
    record Plan(List<Long> dropped, long cursor, long passEnd) {
    }

    /** The last message kept in the current pass (the next one is dropped); 0 = the pass starts at the oldest. */
    private long cursor;
    /** The newest droppable message when the current pass began; 0 = no pass under way. */
    private long passEnd;

    /** Drops {@code count} messages; {@link #apply} the plan once the transaction committed. */
    Plan drop(int count, Candidates candidates) throws SQLException {
        List<Long> dropped = new ArrayList<>(count);
        long cur = cursor;
        long end = passEnd;
        while (dropped.size() < count) {
            if (end == 0 || cur >= end) {
                cur = 0;
                end = candidates.newest();
                if (end == 0) {
                    throw new IllegalStateException("nothing left to thin after " + dropped.size() + " of " + count);
                }
            }
            List<Long> next = candidates.after(cur, end, 2);
            if (next.isEmpty()) {
                cur = end;
                continue;
            }
            candidates.drop(next.get(0));
            dropped.add(next.get(0));
            // Keep the one after it; the pass ends when there is none.
            cur = next.size() == 2 ? next.get(1) : end;
        }
        return new Plan(List.copyOf(dropped), cur, end);
    }

    void apply(Plan plan) {
        cursor = plan.cursor();
        passEnd = plan.passEnd();
    }
}
