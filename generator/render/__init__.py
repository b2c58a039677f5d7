"""Outputs made from the Site: pages for MkDocs, and the files around them."""
