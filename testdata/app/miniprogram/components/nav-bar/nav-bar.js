Component({
  options: { multipleSlots: true },
})
