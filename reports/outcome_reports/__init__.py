"""The outcome report as a PDF (charts as vectors), a CSV file and an Excel workbook."""
