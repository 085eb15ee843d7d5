"""``guidepress serve``: a clinician composes a patient's routine sheet in the browser.

A small local web server (Starlette on uvicorn, the optional extra ``serve``) with
one page: search the exercise library, pick, set doses and notes, see the real
printed pages, download the PDF or save the prescription as a file the command
line reads. ``guard`` keeps other web sites and other users out, ``forms`` checks
what the page sends with the prescription's own rules, ``sheets`` makes the sheets
in a warm process, ``app`` holds the routes and ``run`` starts it all.
"""
