"""Entry summary declarations (EU ICS CC315A, and CC313A amendments) read into manifests."""
