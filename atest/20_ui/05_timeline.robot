*** Settings ***
Documentation       Task timelines of a real run, looked at in headless Chromium: one Robot
...                 process runs the seed scenario, a failed import and a 25 s and a 5 s wait;
...                 this suite opens its log.html and hubtask-tasks.html, checks every picture
...                 against the hub, and keeps screenshots in the output folder.
Resource            ui.resource
Library             Collections
Library             ../tools/TimelineRun.py
Suite Setup         Run The Scenario
Test Tags           timeline


*** Variables ***
${RUN}              ${OUTPUT DIR}${/}timeline-run
${RED}              rgb(198, 40, 40)


*** Test Cases ***
Every Wait Of The Run Shows One Bar Per Task In The State The Hub Has
    [Documentation]    For each wait in the run summary, the picture in log.html has one bar
    ...    per task: the tasks a wait was given and every task they dispatched (asked of
    ...    the hub now), each in the final state the hub reports.
    Open The Expanded Log
    ${waits} =    Waits In Run Summary    ${RUN}
    Should Not Be Empty    ${waits}
    FOR    ${wait}    IN    @{waits}
        Wait Picture Should Match The Hub    ${wait}
    END
    Take Screenshot    filename=timeline-log    fullPage=True

Seed Scenario Waits Are Drawn
    [Documentation]    The seed's uploads, approval and delete each have a picture with
    ...    look ticks and the return moment; screenshots of the largest and the last.
    ${waits} =    Waits In Run Summary    ${RUN}    Seed Scenario
    ${keywords} =    Evaluate    {w["keyword"] for w in $waits}
    Should Be True    {"Wait For All Tasks", "Approve Collection", "Wait For Task"} <= $keywords
    Open The Expanded Log
    FOR    ${wait}    IN    @{waits}
        Get Element Count    css=svg[data-wait="${wait}[id]"] path.looks    ==    1
        Get Element Count    css=svg[data-wait="${wait}[id]"] line.returned    ==    1
    END
    ${largest} =    Evaluate    max($waits, key=lambda w: len(w["tasks"]))
    Screenshot Of Wait    ${largest}    timeline-seed-wait-for-all
    Screenshot Of Wait    ${waits}[-1]    timeline-seed-delete

Failed Import Is Red With Its Error In The Bar's Title
    [Documentation]    The failed import's bar is red and its hover text has the hub's error.
    ${upload} =    The Failed Upload
    ${task} =    Get From List    ${upload}[tasks]    0
    ${hub} =    Get Task    ${task}[uuid]
    Should Be Equal    ${hub}[state]    failed
    Open The Expanded Log
    VAR    ${bar} =    css=svg[data-wait="${upload}[id]"] g.task[data-uuid="${task}[uuid]"]
    Get Attribute    ${bar}    data-state    ==    failed
    Get Style    ${bar} rect.running    fill    ==    ${RED}
    Hover Text Should Name The Failure    ${bar}    ${hub}
    Screenshot Of Wait    ${upload}    timeline-failed-import

Run Summary Lists The Failed Import With Its Error And UI Link
    [Documentation]    hubtask-tasks.html of the run: totals, slowest tasks, a group per test,
    ...    and the failed import with the hub's error and its UI link.
    ${upload} =    The Failed Upload
    ${task} =    Get From List    ${upload}[tasks]    0
    ${hub} =    Get Task    ${task}[uuid]
    ${error} =    One Line    ${hub}[error][description]
    ${link} =    Get Task UI Link    ${task}[uuid]
    New Page    file://${RUN}${/}hubtask-tasks.html
    Get Text    css=#failed    contains    ${error}
    Get Attribute    css=#failed a[href="${link}"]    href    ==    ${link}
    Summary Should Have Totals, Slowest Tasks And Tests
    Take Screenshot    filename=timeline-run-summary    fullPage=True

A 25 s Wait Prints Two Or Three Progress Lines And A 5 s Wait None
    ${long} =    Progress Lines    ${CONSOLE}    iamrunning_25s
    ${short} =    Progress Lines    ${CONSOLE}    iamrunning_5s
    ${count} =    Get Length    ${long}
    Should Be True    2 <= ${count} <= 3    ${count} progress lines for the 25 s wait
    Should Be Empty    ${short}
    Should Match Regexp    ${long}[0]    ^HubTaskLibrary: 10 s of \\d+ s waiting for .*iamrunning_25s running$
    ...    msg=The first line names the task and its state

Pictures Add Less Than A Fifth To The Seed Scenario's Log
    [Documentation]    log.html of the seed scenario (its part of the run) as it is, and with
    ...    the pictures taken out of output.xml.
    ${sizes} =    Log Sizes With And Without Timelines
    ...    ${RUN}${/}output.xml    Timeline Run.Seed Scenario
    ${growth} =    Evaluate    ${sizes}[0] / ${sizes}[1] - 1
    Log To Console
    ...    seed log.html: ${sizes}[0] bytes with timelines, ${sizes}[1] without (+${{ round(${growth} * 100, 1) }} %)
    Should Be True    ${growth} < 0.20


*** Keywords ***
Hover Text Should Name The Failure
    [Documentation]    The bar's <title> (its hover text) says failed and has the hub's error.
    [Arguments]    ${bar}    ${hub}
    ${title} =    Get Property    ${bar} > title    textContent
    Should Contain    ${title}    - failed
    ${error} =    One Line    ${hub}[error][description]
    Should Contain    ${title}    error: ${error}

Screenshot Of Wait
    [Documentation]    A screenshot of one wait's picture in the log, kept in the output folder.
    [Arguments]    ${wait}    ${name}
    Scroll To Element    css=svg[data-wait="${wait}[id]"]
    Take Screenshot    filename=${name}    selector=css=svg[data-wait="${wait}[id]"]

Summary Should Have Totals, Slowest Tasks And Tests
    [Documentation]    The parts of hubtask-tasks.html besides the failures.
    Get Text    css=#totals    contains    past the last task's end
    Get Element Count    css=#slowest tr.task    >    0
    Get Element Count    css=div.test    >=    5
    Get Element Count    css=div.wait svg.hubtask-timeline    >    0

One Line
    [Documentation]    The text with its runs of white space (new lines too) as single spaces.
    [Arguments]    ${text}
    ${line} =    Evaluate    " ".join($text.split())
    RETURN    ${line}

Run The Scenario
    [Documentation]    The seed scenario and more waits in a Robot process of their own.
    ${console} =    Run Timeline Scenario    ${RUN}
    VAR    ${CONSOLE} =    ${console}    scope=SUITE

The Failed Upload
    [Documentation]    The wait of the failed import in the run summary.
    ${waits} =    Waits In Run Summary    ${RUN}    Waits
    ${uploads} =    Evaluate    [w for w in $waits if w["keyword"] == "Upload Collection"]
    Length Should Be    ${uploads}    1
    RETURN    ${uploads}[0]

Open The Expanded Log
    [Documentation]    log.html of the run with every suite, test and keyword opened ("Expand all").
    New Page    file://${RUN}${/}log.html
    Hover    css=#s1 > .element-header
    Click    css=#s1 > .element-header a.expand
    Wait For Elements State    css=svg.hubtask-timeline >> nth=0    visible

Wait Picture Should Match The Hub
    [Documentation]    The bars of one wait: the tasks the hub says it covers, in the hub's states.
    [Arguments]    ${wait}
    VAR    ${svg} =    css=svg.hubtask-timeline[data-wait="${wait}[id]"]
    ${count} =    Get Length    ${wait}[tasks]
    Get Element Count    ${svg} g.task    ==    ${count}
    ${roots} =    Evaluate    [t["uuid"] for t in $wait["tasks"] if t["parent"] is None]
    ${hub} =    Tasks On The Hub    ${roots}
    IF    $wait["keyword"] != "Wait For All Tasks"
        # A wait for given tasks covers exactly them and what they dispatched.
        ${drawn} =    Evaluate    sorted(t["uuid"] for t in $wait["tasks"])
        ${expected} =    Evaluate    sorted($hub)
        Lists Should Be Equal    ${drawn}    ${expected}
    END
    FOR    ${task}    IN    @{wait}[tasks]
        ${state} =    Get Task State    ${task}[uuid]
        Get Attribute    ${svg} g.task[data-uuid="${task}[uuid]"]    data-state    ==    ${state}
    END
