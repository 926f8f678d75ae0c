"""Small HTML fragments of the hub UI: PatternFly 4 (hub 4.9, seen on a real
hub) and PatternFly 5 (hub 4.10+, same structure with ``pf-v5-`` classes)."""

from __future__ import annotations

UUID = "01a22108-1fb0-7cdb-b3bd-a9f61625cdc5"
OTHER = "01a22105-c7fb-7dff-9b5b-28f97d6c9ca2"

_PAGE = """
<form><div class="{c}form__group">
  <input id="pf-login-username-id"><input id="pf-login-password-id" type="password">
  <p class="{c}form__helper-text">Invalid login credentials.</p>
  <div class="{c}helper-text__item pf-m-error">Invalid login credentials.</div>
  <button class="{c}button pf-m-primary" type="submit">Log In</button>
</div></form>
<div data-cy="AlertList">
  <div class="{c}alert pf-m-info" aria-label="Info Alert">
    <div class="{c}alert__icon"></div>
    <h4 class="{c}alert__title"><span class="{sr}">Info alert:</span>Sync started for repository "r".</h4>
    <div class="{c}alert__action"><button aria-label="Close">x</button></div>
    <div class="{c}alert__description"><span>See the task management
      <a href="/ui/task/{uuid}/">detail page </a>for the status of this task.</span></div>
  </div>
</div>
<h1 class="{c}title pf-m-2xl">Pulp Ansible: Collections sync<span class="{c}label pf-m-blue hub-c-task-status"><span class="{c}label__content">Running</span></span></h1>
<section class="body card-area"><h2 class="{c}title">Error message</h2>
  <h3 class="{c}title">Description</h3>
  <div class="{c}code-block"><div class="{c}code-block__content">not a gzip file</div></div>
</section>
<table aria-label="Task list"><thead><tr><th>Task name</th><th>Status</th></tr></thead><tbody>
  <tr><td><a href="/ui/task/{uuid}/"><span>iamrunning</span></a></td>
      <td><span class="{c}label pf-m-blue"><span class="{c}label__content">Running</span></span></td>
      <td><button aria-label="Delete" class="{c}button">Stop task</button></td></tr>
  <tr><td><a href="/ui/task/{other}/"><span>import</span></a></td>
      <td><span class="{c}label pf-m-green"><span class="{c}label__content">Completed</span></span></td></tr>
</tbody></table>
<div class="{c}empty-state"><h4>No results found</h4></div>
<div class="{c}modal-box pf-m-warning" role="dialog"><div class="{c}modal-box__body">x will stop running.</div>
  <footer><div data-cy="sync-button"><button class="{c}button pf-m-primary">Sync</button></div></footer></div>
"""


def page(version: int) -> str:
    c = "pf-c-" if version == 4 else "pf-v5-c-"
    sr = "pf-u-screen-reader" if version == 4 else "pf-v5-screen-reader"
    return (
        _PAGE.replace("{c}", c)
        .replace("{sr}", sr)
        .replace("{uuid}", UUID)
        .replace("{other}", OTHER)
    )
