// A reader thread entry that fails to start, like a broken install: the pool must give up cleanly, not loop.
throw new Error("cannot load the parser");
