"""What every screen uses: the background runner, error presentation, list views and
table models, labelled form fields, and previewing and printing a form."""
