package dev.custodian.api;

import java.util.List;
import java.util.function.Function;

/** One page of a list: the items and the cursor of the next page, null on the last one. */
public record Page<T>(List<T> items, String nextCursor) {

    /**
     * The page from {@code rows} fetched with one row more than {@code pageSize}: that extra row only
     * says there is a next page, whose cursor is made from the last row shown.
     */
    public static <R, T> Page<T> of(List<R> rows, int pageSize, Function<R, T> item, Function<R, String> cursor) {
        boolean more = rows.size() > pageSize;
        List<R> page = more ? rows.subList(0, pageSize) : rows;
        return new Page<>(page.stream().map(item).toList(), more ? cursor.apply(page.get(page.size() - 1)) : null);
    }
}
