<!doctype html>
<title>Log in</title>
<h1>Log in (Bottle)</h1>
% if error:
<p class="error">{{error}}</p>
% end
<form method="post" action="/login">
  <input name="name"> <input name="password" type="password">
  <button>Log in</button>
</form>
