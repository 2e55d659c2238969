// Header names pinmail's own mail carries, shared by the composer (outbox/) and the reader that
// recognises that mail coming back (pipeline/), so neither has to import the other.

/** Marks every message pinmail sends; mail arriving with it is our own and is never answered. */
export const LOOP_HEADER = "X-PinMail-Loop";
