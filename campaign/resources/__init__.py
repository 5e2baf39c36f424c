"""Briefings and reports: a library of checked PDFs and links, tagged to campaigns and councils,
listed at /resources, on campaign pages and on council pages, with downloads counted."""
