-- Calls of a rate-limited operation per caller (a token's stable name) and clock minute: the
-- current and the previous minute give a sliding window's estimate, the same for every instance.
-- Minutes before the previous one are removed as new ones begin.
CREATE TABLE rate_window (
    caller       text NOT NULL,
    operation    text NOT NULL,
    window_start timestamptz NOT NULL,
    calls        integer NOT NULL,
    PRIMARY KEY (caller, operation, window_start)
);
CREATE INDEX rate_window_start ON rate_window (window_start);
