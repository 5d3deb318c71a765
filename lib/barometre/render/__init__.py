"""Report pipeline: execute the notebooks with papermill and publish an offline HTML site."""
