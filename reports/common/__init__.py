"""What every form is made of: the page frame and letterhead, the shipped fonts and
their registry, text in any script, and the parts forms are built from."""
