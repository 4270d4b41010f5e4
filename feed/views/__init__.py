"""Feed and forum pages, split by what the person is doing: reading lists, reading a
thread, writing, leaving marks, and the helpers of the editor."""
