"""Running the chapter notebooks: side by side, each in a process and on a kernel of its own, in a
fixed environment, through papermill.
"""
