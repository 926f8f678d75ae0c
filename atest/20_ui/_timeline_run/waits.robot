*** Settings ***
Documentation       Waits the timeline suite (05_timeline.robot) runs in a Robot process of
...                 its own, after the seed scenario: a failed import, a 25 s and a 5 s wait.
...                 Not collected with atest/ (the folder starts with an underscore).
Library             OperatingSystem
Library             String
Library             HubTaskLibrary    timeout=90s


*** Test Cases ***
Failed Import
    [Documentation]    The import of a file that is no tarball fails; its wait is drawn red.
    ${suffix} =    Generate Random String    8    [LOWER]
    VAR    ${ns} =    tl_${suffix}
    Create Namespace    ${ns}
    VAR    ${bad} =    ${OUTPUT DIR}${/}${ns}-broken-1.0.0.tar.gz
    Create File    ${bad}    not a tarball
    Run Keyword And Expect Error    *ended failed*
    ...    Upload Collection    ${ns}    broken    path=${bad}
    Delete Namespace    ${ns}

Long Wait
    [Documentation]    A task that runs 25 s: two or three progress lines on the console.
    ${task} =    Create Long Running Task    name=iamrunning_25s    lifetime=25s
    Wait For Task    ${task}    expected=canceled    timeout=60s

Short Wait
    [Documentation]    A task that runs 5 s: no progress line.
    ${task} =    Create Long Running Task    name=iamrunning_5s    lifetime=5s
    Wait For Task    ${task}    expected=canceled    timeout=60s
