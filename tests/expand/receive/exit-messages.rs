// A trapping process receives exits as messages; no after: waits forever.
Exit { from, reason }: Exit => (from, reason)
