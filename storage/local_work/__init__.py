"""Work kept on this computer: one sealed file per copy of unsaved work, in a
folder of each person's (domain/local_work/)."""
