"""Work kept on this computer while a person types: sealed copies of unsaved
forms (a note, a plan draft, an intake in progress, an assessment, a consent, a
client's details), so that a crash, a lost connection or a closed window costs
no words. What a copy is and which copies to offer back; the files themselves
are storage/local_work/."""
