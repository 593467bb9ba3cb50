"""What every feature of storage uses: the MetaData and shared column types, engines,
the data folder, the log file, timestamps, date arithmetic, and the units of work."""
