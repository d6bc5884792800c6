//go:build js && wasm

package main

import "syscall/js"

// installHook publishes the automation hook as window.borderdrill:
//
//	borderdrill.status() → JSON string (hookStatus)
//	borderdrill.send(json) → the command's id (a number), or a string saying what is wrong
func installHook(t *tracker) {
	o := js.Global().Get("Object").New()
	o.Set("status", js.FuncOf(func(js.Value, []js.Value) any {
		return t.statusJSON()
	}))
	o.Set("send", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 || args[0].Type() != js.TypeString {
			return "send: want one JSON string" // i18n: not user text (the test hook)
		}
		id, err := t.sendJSON(args[0].String())
		if err != nil {
			return err.Error()
		}
		return id
	}))
	js.Global().Set("borderdrill", o)
}
