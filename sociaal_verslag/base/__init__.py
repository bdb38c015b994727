"""What every other folder may use, and which uses none of them: the one base of every error a
user meets, every path of the project, reading the files people edit (text and YAML), the SHA-256
of files, the installed versions of libraries, the package's own code a module runs, and the
sanitizer that keeps anything active out of what is published.
"""
