<!doctype html>
<title>Note {{note['id']}}</title>
<p>{{user}}'s note {{note['id']}}: {{note['text']}}</p>
<p><a href="/notes">All notes</a></p>
